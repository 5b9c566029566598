/**
 * Machine-wide CPU use from /proc/stat, to see how much of the machine other processes took during a run.
 * @module
 */
import { readFileSync } from "node:fs";

/** Busy and total CPU time of all cores so far, in ms (undefined when /proc/stat is not readable). */
export function machineCpu(): { busyMs: number; totalMs: number } | undefined {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal ...; USER_HZ is 100 on Linux.
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busyMs: (total - idle) * 10, totalMs: total * 10 };
  } catch {
    return undefined;
  }
}
