import { LOADGEN_CPU_WARN_PERCENT, LOADGEN_LAG_WARN_MS } from './config';
import type { Lag } from './load-child';
import { cpuPercent, type ProcSample, readProc } from './proc-stats';

/** What the load generator processes used over a measurement window. */
export type LoadUsage = {
  processes: number;
  /** CPU of all load processes together, in % of one core. */
  cpuPercentSum: number;
  /** CPU of the busiest load process, in % of one core. */
  cpuPercentMax: number;
  /** Worst event-loop lag p99 of the load processes, in milliseconds. */
  lagP99Ms: number;
};

/** Readings of every pid now (skips processes that are gone). */
export function readAll(pids: readonly number[]): ProcSample[] {
  return pids.map((pid) => readProc(pid));
}

export function loadUsage(before: ProcSample[], after: ProcSample[], lags: Lag[]): LoadUsage {
  const cpu = before.map((b, i) => cpuPercent(b, after[i] as ProcSample));
  return {
    processes: before.length,
    cpuPercentSum: cpu.reduce((a, b) => a + b, 0),
    cpuPercentMax: Math.max(...cpu),
    lagP99Ms: Math.max(...lags.map((l) => l.p99Ms)),
  };
}

/** A warning when the load generator, not the server, may have set the pace. */
export function loadWarning(scenario: string, usage: LoadUsage): string | undefined {
  const lagged = usage.lagP99Ms > LOADGEN_LAG_WARN_MS;
  const busy = usage.cpuPercentMax > LOADGEN_CPU_WARN_PERCENT;
  if (!lagged && !busy) return undefined;
  return (
    `${scenario}: the load generator, not the server, may have been the bottleneck ` +
    `(its event-loop lag p99 ${usage.lagP99Ms.toFixed(0)} ms, busiest load process at ` +
    `${usage.cpuPercentMax.toFixed(0)}% of a core); the latency figures are upper bounds.`
  );
}

/** Splits `total` clients over `parts` processes; the share of process `index`. */
export function shareOf(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}
