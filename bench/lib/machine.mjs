// What the figures were measured on: they mean little without it.
import { cpus, loadavg, totalmem } from "node:os";

/** Cores, CPU model, Node version, memory and the load average at the start of the run. */
export function describeMachine() {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model.trim() ?? "unknown",
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
  };
}
