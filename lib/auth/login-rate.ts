/** Login attempts one client address may make in any 60 seconds; the next one gets 429. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;
/** The window LOGIN_ATTEMPTS_PER_MINUTE counts over, in milliseconds. */
export const LOGIN_WINDOW_MS = 60_000;
/** Client addresses tracked at once; past it the stalest are forgotten (memory bound). */
export const LOGIN_TRACKED_ADDRESSES_MAX = 10_000;

/** The verdict on one attempt: allowed, or refused with the seconds until one is allowed. */
export type LoginDecision = { allowed: true } | { allowed: false; retryAfterS: number };

/** A sliding-window count of login attempts per client address. */
export class LoginRate {
  readonly #attempts = new Map<string, number[]>();
  readonly #limit: number;

  constructor(limit = LOGIN_ATTEMPTS_PER_MINUTE) {
    this.#limit = limit;
  }

  /** Records an attempt from `address` at `now` (ms) unless the address is over the limit. */
  take(address: string, now = Date.now()): LoginDecision {
    const recent = (this.#attempts.get(address) ?? []).filter((t) => now - t < LOGIN_WINDOW_MS);
    if (recent.length >= this.#limit) {
      this.#attempts.set(address, recent);
      const oldest = recent[0] as number;
      return {
        allowed: false,
        retryAfterS: Math.max(1, Math.ceil((oldest + LOGIN_WINDOW_MS - now) / 1000)),
      };
    }
    recent.push(now);
    // Re-inserting keeps the map in least-recently-used order.
    this.#attempts.delete(address);
    this.#attempts.set(address, recent);
    if (this.#attempts.size > LOGIN_TRACKED_ADDRESSES_MAX) {
      const stalest = this.#attempts.keys().next().value;
      if (stalest !== undefined) this.#attempts.delete(stalest);
    }
    return { allowed: true };
  }

  /** Addresses currently tracked (for tests). */
  get size(): number {
    return this.#attempts.size;
  }
}
