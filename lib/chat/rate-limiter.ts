/** Frames a chat connection may send in a burst. */
export const CHAT_RATE_BURST_FRAMES = 20;
/** Frames a chat connection earns back per second. */
export const CHAT_RATE_REFILL_FRAMES_PER_S = 10;
/** Frames dropped while rate limited (without going quiet) before the socket is closed 1008. */
export const CHAT_FLOOD_DROPPED_FRAMES_MAX = 20;

export type RateDecision = 'ok' | 'limited' | 'flood';

/**
 * A token bucket per connection. `limited` drops the frame (the first drop sends a
 * `rate_limited` error); `flood` means the sender kept going and must be disconnected.
 */
export class RateLimiter {
  #tokens = CHAT_RATE_BURST_FRAMES;
  #updatedAt: number;
  #dropped = 0;
  readonly #now: () => number;

  /** `now`: the clock, in milliseconds; by default one shared by every limiter. */
  constructor(now: () => number = performanceNow) {
    this.#now = now;
    this.#updatedAt = now();
  }

  /** Takes one token for a frame. */
  take(): RateDecision {
    const now = this.#now();
    const earned = ((now - this.#updatedAt) / 1000) * CHAT_RATE_REFILL_FRAMES_PER_S;
    this.#tokens = Math.min(CHAT_RATE_BURST_FRAMES, this.#tokens + earned);
    this.#updatedAt = now;
    if (this.#tokens >= CHAT_RATE_BURST_FRAMES) this.#dropped = 0;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 'ok';
    }
    this.#dropped++;
    return this.#dropped > CHAT_FLOOD_DROPPED_FRAMES_MAX ? 'flood' : 'limited';
  }

  /** Frames dropped since the sender was last quiet; the first drop is 1. */
  get dropped(): number {
    return this.#dropped;
  }
}

/** One clock for every limiter: a default `() => performance.now()` would be a closure each. */
function performanceNow(): number {
  return performance.now();
}
