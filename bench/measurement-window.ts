import { LOADGEN_CPU_WARN_PERCENT, LOADGEN_LAG_WARN_MS, OTHER_CPU_WARN_PERCENT } from './config';
import type { Lag } from './load-child';
import {
  cpuPercent,
  type MachineSample,
  type ProcSample,
  readMachine,
  readProc,
} from './proc-stats';

/** What the server, the load generators and everything else used over one window. */
export type WindowUsage = {
  durationMs: number;
  /** Server CPU, in % of one core. */
  serverCpuPercent: number;
  /** Server RSS at the end of the window, in KiB. */
  serverRssKiB: number;
  /** CPU of all load processes together, in % of one core. */
  loadCpuPercent: number;
  /** CPU of the busiest load process, in % of one core. */
  loadCpuMaxPercent: number;
  /** Worst event-loop lag p99 of the load processes, in milliseconds. */
  loadLagP99Ms: number;
  /** CPU of every other process on the machine (not server, load or bench), % of one core. */
  otherCpuPercent: number;
};

/**
 * CPU and memory readings of the server, the load processes, the bench itself and the whole
 * machine at the start of a measurement window; {@link close} reads them again.
 */
export class MeasurementWindow {
  readonly #serverPid: number;
  readonly #loadPids: readonly number[];
  readonly #server: ProcSample;
  readonly #load: ProcSample[];
  readonly #self: ProcSample;
  readonly #machine: MachineSample;

  constructor(serverPid: number, loadPids: readonly number[]) {
    this.#serverPid = serverPid;
    this.#loadPids = loadPids;
    this.#server = readProc(serverPid);
    this.#load = loadPids.map((pid) => readProc(pid));
    this.#self = readProc(process.pid);
    this.#machine = readMachine();
  }

  /** Reads everything again; `lags` are the load processes' event-loop lags over the window. */
  close(lags: readonly Lag[]): WindowUsage {
    const server = readProc(this.#serverPid);
    const load = this.#loadPids.map((pid, i) =>
      cpuPercent(this.#load[i] as ProcSample, readProc(pid)),
    );
    const self = cpuPercent(this.#self, readProc(process.pid));
    const machine = readMachine();
    const machinePercent =
      ((machine.busyS - this.#machine.busyS) / ((machine.at - this.#machine.at) / 1000)) * 100;
    const serverCpuPercent = cpuPercent(this.#server, server);
    const loadCpuPercent = load.reduce((a, b) => a + b, 0);
    return {
      durationMs: server.at - this.#server.at,
      serverCpuPercent,
      serverRssKiB: server.rssKiB,
      loadCpuPercent,
      loadCpuMaxPercent: Math.max(...load),
      loadLagP99Ms: Math.max(...lags.map((l) => l.p99Ms)),
      otherCpuPercent: Math.max(0, machinePercent - serverCpuPercent - loadCpuPercent - self),
    };
  }
}

/** Warnings when the load generator or other work may have set the pace of a window. */
export function windowWarnings(scenario: string, usage: WindowUsage): string[] {
  const warnings: string[] = [];
  if (
    usage.loadLagP99Ms > LOADGEN_LAG_WARN_MS ||
    usage.loadCpuMaxPercent > LOADGEN_CPU_WARN_PERCENT
  ) {
    warnings.push(
      `${scenario}: the load generator, not the server, may have been the bottleneck ` +
        `(its event-loop lag p99 ${usage.loadLagP99Ms.toFixed(0)} ms, busiest load process at ` +
        `${usage.loadCpuMaxPercent.toFixed(0)}% of a core); the latency figures are upper bounds.`,
    );
  }
  if (usage.otherCpuPercent > OTHER_CPU_WARN_PERCENT) {
    warnings.push(
      `${scenario}: other processes on the machine used ${usage.otherCpuPercent.toFixed(0)}% of a core ` +
        'while it was measured; its figures are skewed by them.',
    );
  }
  return warnings;
}
