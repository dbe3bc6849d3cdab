import { readPeakRssKiB, readProc, resetPeakRss } from './proc-stats';

/** How often RSS is polled while the kernel's peak cannot be reset, in milliseconds. */
export const PEAK_RSS_POLL_MS = 50;

/**
 * The peak RSS of a server from now on. The kernel's high-water mark (VmHWM) is reset to the
 * current RSS, so the peak of starting up and of the warm-up is not counted; where that reset
 * is not allowed, RSS is polled every PEAK_RSS_POLL_MS instead (which can miss a short spike).
 */
export class PeakRss {
  readonly #pid: number;
  readonly #kernel: boolean;
  #polledMaxKiB: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(pid: number) {
    this.#pid = pid;
    this.#kernel = resetPeakRss(pid);
    this.#polledMaxKiB = readProc(pid).rssKiB;
    if (!this.#kernel) {
      this.#timer = setInterval(() => this.#poll(), PEAK_RSS_POLL_MS);
      this.#timer.unref();
    }
  }

  /** How the peak is found: `VmHWM` (kernel) or `polled`. */
  get method(): 'VmHWM' | 'polled' {
    return this.#kernel ? 'VmHWM' : 'polled';
  }

  /** The peak so far, in KiB; stops the polling. */
  read(): number {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#poll();
    return this.#kernel ? readPeakRssKiB(this.#pid) : this.#polledMaxKiB;
  }

  #poll(): void {
    try {
      this.#polledMaxKiB = Math.max(this.#polledMaxKiB, readProc(this.#pid).rssKiB);
    } catch {
      // The server is gone; keep what was seen.
    }
  }
}
