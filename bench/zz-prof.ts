import { Child } from "./lib/procs.ts";
const view = (process.argv[2] ?? "list") as "list" | "counter";
const server = new Child("peers/server.ts", ["rein"], { deadlineMs: 90_000, nodeFlags: ["--cpu-prof", "--cpu-prof-dir=/tmp/prof/srv"] });
const drv = new Child("peers/driver.ts", [], { deadlineMs: 90_000 });
try {
  const u = await server.request<any>("url"); const target = { fw: "rein", ...u };
  const r = await drv.request<any>("loop", { target, view, clients: 32, rows: 300, warmupMs: 500, durationMs: 5000 }, 60_000);
  console.log(r.eventsPerSec, r.events);
} finally { await Promise.all([drv.stop(), server.stop()]); }
