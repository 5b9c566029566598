/**
 * The facts about the machine a result was measured on.
 * @module
 */
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

/** Machine and run facts, stored with the results. */
export interface Machine {
  date: string;
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** Soft limit of open files (`ulimit -n`) in the benchmark's processes. */
  openFilesLimit: number | undefined;
}

export function machine(): Machine {
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) cpu = m[1]!.trim();
  } catch {
    /* not Linux */
  }
  let nproc = os.availableParallelism();
  try {
    nproc = Number(execSync("nproc", { encoding: "utf8" }).trim()) || nproc;
  } catch {
    /* no coreutils */
  }
  return {
    date: new Date().toISOString(),
    nproc,
    cpu,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    openFilesLimit: openFilesLimit(),
  };
}

/** The soft `ulimit -n` that child processes inherit, or undefined when it cannot be read. */
export function openFilesLimit(): number | undefined {
  try {
    const v = execSync("ulimit -n", { encoding: "utf8", shell: "/bin/sh" }).trim();
    return v === "unlimited" ? Infinity : Number(v);
  } catch {
    return undefined;
  }
}
