/**
 * `eventSecurity` over a real server and socket (docs/security.md): in every mode only `@event()` handlers run;
 * "warn" logs unknown event names once per view class and name, "open" also answers them with an empty reply;
 * both are announced at start-up. And the option's checks.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createEngine, createRein, serve, type ReinOptions, type Served } from "rein";
import { loadPage, TestSocket } from "rein/testing";
import { routes } from "../fixtures/views.tsx";

const secret = "e".repeat(32);
const servers: Served[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function joined(eventSecurity?: ReinOptions["eventSecurity"], debug?: boolean) {
  const logs: string[] = [];
  const app = createRein({ routes, secret, log: (m) => logs.push(m), ...(eventSecurity ? { eventSecurity } : {}), ...(debug === undefined ? {} : { debug }) });
  const srv = await serve(app, { port: 0 });
  servers.push(srv);
  const page = await loadPage(srv.url + "/counter");
  const sock = await TestSocket.open(srv.url);
  await sock.join(1, page.token);
  return { sock, logs, eventLogs: () => logs.filter((l) => l.startsWith("eventSecurity")) };
}

/** The count the view shows, from a real event's reply. */
async function countAfterIncrement(sock: TestSocket): Promise<string> {
  const r = await sock.event(1, "increment");
  return JSON.stringify(r);
}

describe("eventSecurity", () => {
  it('"strict" (the default) in production: unknown events are refused with unknown_event, nothing is logged', async () => {
    const { sock, logs } = await joined(undefined, false);
    expect((await sock.event(1, "nope"))[3]).toBe("unknown_event");
    expect((await sock.event(1, "notAnEvent"))[3]).toBe("unknown_event");
    expect(logs.filter((l) => /eventSecurity|unknown/.test(l))).toEqual([]);
    expect(await countAfterIncrement(sock)).toContain("Count: 1"); // notAnEvent (count = -1) never ran
    sock.close();
  });

  it('"strict" in development (debug): refused with the same error frame, and logged once per view class and name', async () => {
    const { sock, logs, eventLogs } = await joined(undefined, true);
    expect(logs.some((l) => l.startsWith('option "eventSecurity"'))).toBe(false);
    const refused = await sock.event(1, "nope");
    expect(refused[3]).toBe("unknown_event");
    expect((await sock.event(1, "nope")).slice(3)).toEqual(refused.slice(3)); // the same error frame, logged once
    expect((await sock.event(1, "notAnEvent"))[3]).toBe("unknown_event");
    expect(eventLogs()).toEqual([
      'eventSecurity "strict": an event "nope" for CounterView was refused (unknown_event); no @event() handler has that name',
      'eventSecurity "strict": an event "notAnEvent" for CounterView was refused (unknown_event); no @event() handler has that name: ' +
        'it has a method "notAnEvent" that is not marked @event(), and is not callable',
    ]);
    expect(await countAfterIncrement(sock)).toContain("Count: 1");
    sock.close();
  });

  it('"warn": refused the same way, logged once per view class and name, with a hint for an unmarked method', async () => {
    const { sock, logs, eventLogs } = await joined("warn");
    expect(logs.find((l) => l.startsWith("option \"eventSecurity\""))).toMatch(/option "eventSecurity" is "warn": .*Only @event\(\) handlers are ever callable/);
    expect((await sock.event(1, "nope"))[3]).toBe("unknown_event");
    expect((await sock.event(1, "nope"))[3]).toBe("unknown_event");
    expect((await sock.event(1, "notAnEvent"))[3]).toBe("unknown_event");
    expect(eventLogs()).toEqual([
      'eventSecurity "warn": an event "nope" for CounterView was refused (unknown_event); no @event() handler has that name',
      'eventSecurity "warn": an event "notAnEvent" for CounterView was refused (unknown_event); no @event() handler has that name: ' +
        'it has a method "notAnEvent" that is not marked @event(), and is not callable',
    ]);
    expect(await countAfterIncrement(sock)).toContain("Count: 1");
    sock.close();
  });

  it('"warn": the names logged are quoted, cut, and at most 100 per class', async () => {
    const { sock, eventLogs } = await joined("warn");
    const long = "x".repeat(200) + '"\n';
    await sock.event(1, long);
    expect(eventLogs()[0]).toContain(`an event "${"x".repeat(64)}…" for CounterView`);
    for (let i = 0; i < 120; i++) expect((await sock.event(1, `n${i}`))[3]).toBe("unknown_event");
    const lines = eventLogs();
    expect(lines).toHaveLength(101);
    expect(lines[100]).toBe('eventSecurity "warn": CounterView received more than 100 unknown event names; the others are not logged');
    sock.close();
  });

  it('"open": an unknown event gets an empty reply (no error), nothing runs, and it is logged', async () => {
    const { sock, logs, eventLogs } = await joined("open");
    expect(logs.find((l) => l.startsWith("option \"eventSecurity\""))).toMatch(/option "eventSecurity" is "open": events no @event\(\) handler takes get an empty reply/);
    const r = await sock.event(1, "notAnEvent");
    expect(r[0]).toBe("r");
    expect(r[4]).toEqual([]);
    expect(eventLogs()).toHaveLength(1);
    expect(eventLogs()[0]).toMatch(/^eventSecurity "open": an event "notAnEvent" for CounterView was answered with an empty reply/);
    expect(await countAfterIncrement(sock)).toContain("Count: 1"); // the unmarked method did not run
    // Versions stay in step: the empty reply counted as one.
    const next = await sock.event(1, "increment");
    expect(next[3]).toBe((r[3] as number) + 2);
    sock.close();
  });
});

describe("eventSecurity at start-up and its checks", () => {
  const base = { routes, secret };
  it("logs a warning for \"warn\" and \"open\" only", () => {
    for (const [mode, warned] of [["strict", false], ["warn", true], ["open", true], [undefined, false]] as const) {
      const logs: string[] = [];
      const app = createRein({ ...base, log: (m) => logs.push(m), ...(mode ? { eventSecurity: mode } : {}) });
      expect(logs.some((l) => l.startsWith('option "eventSecurity"'))).toBe(warned);
      void app.close();
    }
  });

  for (const bad of ["loose", "STRICT", "", true, 1, null, ["warn"]]) {
    it(`refuses ${JSON.stringify(bad)} with a TypeError`, () => {
      const options = { ...base, eventSecurity: bad } as unknown as ReinOptions;
      expect(() => createRein(options)).toThrow(TypeError);
      expect(() => createRein(options)).toThrow(/option "eventSecurity" must be one of "strict", "warn", "open"/);
    });
  }

  it("is an engine option: the test client's engine takes it too", async () => {
    const e = createEngine({ eventSecurity: "warn" });
    expect(e.unknownEvents?.mode).toBe("warn");
    await e.close();
    const strict = createEngine({ debug: false });
    expect(strict.unknownEvents).toBeUndefined();
    await strict.close();
    const dev = createEngine({ debug: true }); // "strict" in development: logs, refuses as always
    expect(dev.unknownEvents?.mode).toBe("strict");
    await dev.close();
    expect(() => createEngine({ eventSecurity: "any" as never })).toThrow(TypeError);
  });
});
