import { PeakRss } from './peak-rss';
import { readProc } from './proc-stats';

/** KiB per MiB. */
export const KIB_PER_MIB = 1024;

/**
 * A server's memory over one scenario, in KiB: idle (after the warm-up, before any connection
 * opened), its peak from then until the end of the measurement window, and at that end.
 */
export type ConnectionMemory = {
  idleKiB: number;
  peakKiB: number;
  endKiB: number;
  /** (peak − idle) / connections opened: what one more connection costs, garbage included. */
  perConnectionKiB: number;
  /** How the peak was read: the kernel's `VmHWM` after a reset, or polling. */
  peakMethod: 'VmHWM' | 'polled';
};

/** Reads a server's idle RSS now and follows its peak until {@link finish}. */
export class ConnectionMemoryProbe {
  readonly #pid: number;
  readonly #idleKiB: number;
  readonly #peak: PeakRss;

  constructor(pid: number) {
    this.#pid = pid;
    this.#idleKiB = readProc(pid).rssKiB;
    this.#peak = new PeakRss(pid);
  }

  get idleKiB(): number {
    return this.#idleKiB;
  }

  /** The figures once `connections` were open and the load is over. */
  finish(connections: number): ConnectionMemory {
    const endKiB = readProc(this.#pid).rssKiB;
    const peakKiB = Math.max(this.#peak.read(), endKiB);
    return {
      idleKiB: this.#idleKiB,
      peakKiB,
      endKiB,
      perConnectionKiB: connections > 0 ? (peakKiB - this.#idleKiB) / connections : Number.NaN,
      peakMethod: this.#peak.method,
    };
  }
}
