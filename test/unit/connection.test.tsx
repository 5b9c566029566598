/**
 * The seams of a connection, without `ws`: a Connection talks to any Link (here an in-memory one, as a long-poll
 * transport would be) and opens channels through per-kind openers (here the real view opener, and a stand-in
 * kind), so a new transport or a new channel kind needs no change to the connection.
 */
import { encodeBinary } from "../../src/protocol/sync.ts";
import { describe, expect, it } from "vitest";
import { createEngine, event, liveRoutes, LiveView, type ServerFrame } from "rein";
import { ViewChannelOpener } from "../../src/server/channels/view.ts";
import { Connection } from "../../src/server/connection.ts";
import type { Link } from "../../src/server/link.ts";
import { Signer } from "../../src/server/tokens.ts";
import type { Channel, ChannelFrame, ChannelHost, ChannelOpener, JoinRequest } from "../../src/session/channel.ts";
import { JoinRefusal } from "../../src/session/channel.ts";
import type { ChannelKind } from "../../src/protocol/frames.ts";

/** A link that keeps what is sent, as a test transport. */
class MemoryLink implements Link {
  open = true;
  readonly sent: ServerFrame[] = [];
  closed: [number, string] | undefined;
  send(text: string): void {
    this.sent.push(JSON.parse(text) as ServerFrame);
  }
  close(code: number, reason: string): void {
    this.closed = [code, reason];
    this.open = false;
  }
}

class Counter extends LiveView {
  count = 0;
  @event() increment() {
    this.count += 1;
  }
  override render() {
    return <p>{`n=${this.count}`}</p>;
  }
}

const routes = liveRoutes([{ path: "/c", view: Counter }]);
const signer = new Signer("k".repeat(32));
const token = (path = "/c") => signer.signJoin({ p: path, k: `view-${Math.random()}`, s: "sid", e: Date.now() + 60_000 });
const settle = () => new Promise((r) => setTimeout(r, 10));

function connect(openers?: Map<ChannelKind, ChannelOpener>, frameRate: { rate: number; burst: number } | false = false) {
  const engine = createEngine({ log: () => {} });
  const link = new MemoryLink();
  const conn = new Connection(link, openers ?? new Map([["view", new ViewChannelOpener(engine, routes, signer)]]), { maxChannels: 2, frameRate });
  return { link, conn };
}

describe("Connection over any Link", () => {
  it("joins a view (the join frame naming its kind) and answers its events through the link", async () => {
    const { link, conn } = connect();
    conn.receive(JSON.stringify(["j", 1, token(), "http://x/c", "view"]));
    await settle();
    expect(link.sent[0]).toEqual(["t", 1, 0, [["p", 0, "n=0"]]]);
    conn.receive(JSON.stringify(["e", 1, 7, "increment", {}]));
    await settle();
    expect(link.sent[1]).toEqual(["r", 1, 7, 1, [[1, [0, 0], "n=1"]]]);
    await conn.close();
  });

  it("closes the link with 1008 for a forged token, before any other check", async () => {
    const { link, conn } = connect();
    conn.receive(JSON.stringify(["j", 1, "forged.token", "http://x/c"]));
    expect(link.closed).toEqual([1008, "invalid or expired join token"]);
  });

  it("refuses a channel number twice and channels past maxChannels, with error frames", async () => {
    const { link, conn } = connect();
    conn.receive(JSON.stringify(["j", 1, token(), "http://x/c"]));
    conn.receive(JSON.stringify(["j", 1, token(), "http://x/c"]));
    conn.receive(JSON.stringify(["j", 2, token(), "http://x/c"]));
    conn.receive(JSON.stringify(["j", 3, token(), "http://x/c"]));
    await settle();
    const errors = link.sent.filter((f) => f[0] === "x");
    expect(errors.map((f) => [f[1], f[3]])).toEqual([[1, "bad_frame"], [3, "join_failed"]]);
    expect(conn.channels.size).toBe(2);
    await conn.close();
  });

  it("refuses binary frames without a valid header or for a channel that takes none, and drops frames once the link is closed", async () => {
    const { link, conn } = connect();
    conn.receiveBinary(new Uint8Array([0, 0, 0, 2, 1, 2]));
    expect(link.sent).toEqual([["x", 0, 0, "bad_frame", 'a binary frame needs the header ["b", channel, ref, action, meta]']]);
    conn.receiveBinary(encodeBinary(["b", 3, 1, "upload", {}], new Uint8Array([1])));
    expect(link.sent[1]).toEqual(["x", 3, 1, "not_joined", "channel 3 is not joined"]);
    link.sent.length = 1;
    link.open = false;
    conn.receive('["h"]');
    expect(link.sent).toHaveLength(1);
  });

  it("closes the link with 1008 when a client floods past its frame rate", () => {
    const { link, conn } = connect(undefined, { rate: 1, burst: 2 });
    for (let i = 0; i < 10 && !link.closed; i++) conn.receive('["h"]');
    expect(link.closed?.[0]).toBe(1008);
    expect(link.sent.filter((f) => f[0] === "x").length).toBeGreaterThan(0);
  });
});

describe("channel kinds", () => {
  /** A stand-in channel kind: echoes events back as replies, and says when it is closed. */
  class EchoChannel implements Channel {
    readonly kind = "view" as const;
    closed = false;
    constructor(readonly ch: number, readonly host: ChannelHost) {}
    receive(f: ChannelFrame): void {
      if (f[0] === "e") this.host.send(["r", this.ch, f[2], 0, [[1, [], f[3]]]]);
    }
    async close(): Promise<void> {
      this.closed = true;
    }
  }
  const opened: EchoChannel[] = [];
  const echo: ChannelOpener<string> = {
    kind: "view",
    verify: (r: JoinRequest) => (r.token === "ok" ? "verified" : new JoinRefusal("join_failed", "not ok")),
    open: (r, verified, host) => {
      expect(verified).toBe("verified");
      const c = new EchoChannel(r.ch, host);
      opened.push(c);
      return c;
    },
  };

  it("a new kind plugs in through its opener; the connection routes its frames and closes it", async () => {
    const { link, conn } = connect(new Map([["view", echo]]));
    conn.receive(JSON.stringify(["j", 4, "ok", "anything"]));
    conn.receive(JSON.stringify(["e", 4, 1, "ping", {}]));
    expect(link.sent).toEqual([["r", 4, 1, 0, [[1, [], "ping"]]]]);
    conn.receive(JSON.stringify(["j", 5, "bad", "anything"]));
    expect(link.sent.at(-1)).toEqual(["x", 5, 0, "join_failed", "not ok"]);
    conn.receive(JSON.stringify(["l", 4]));
    expect(opened[0]!.closed).toBe(true);
    conn.receive(JSON.stringify(["e", 4, 2, "ping", {}]));
    expect(link.sent.at(-1)![3]).toBe("not_joined");
  });

  it("a kind this server does not open is refused with join_failed", () => {
    const { link, conn } = connect(new Map());
    conn.receive(JSON.stringify(["j", 1, "t", "u", "view"]));
    expect(link.sent).toEqual([["x", 1, 0, "join_failed", 'this server opens no "view" channels']]);
  });
});
