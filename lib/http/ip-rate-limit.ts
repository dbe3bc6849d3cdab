/**
 * Per-address token buckets: `RATE_LIMIT_INGEST_PER_MIN` for `POST /api/metrics`,
 * `RATE_LIMIT_CONNECT_PER_MIN` for new SSE streams and chat sockets, `RATE_LIMIT_RANGE_PER_MIN`
 * for `GET /api/range`. See docs/limits.md.
 */

/** How often idle buckets are dropped, in milliseconds (a sweep runs inside `take`). */
export const RATE_LIMIT_SWEEP_INTERVAL_MS = 60_000;
/** Most addresses tracked at once; past it the oldest bucket is dropped (bounded memory). */
export const RATE_LIMIT_MAX_TRACKED_ADDRESSES = 100_000;
/**
 * The RATE_LIMIT_EXEMPT entry that stands for every loopback address: 127.0.0.0/8 (a load test
 * may spread its connections over 127.0.0.2, 127.0.0.3, ...), `::1`, and `::ffff:127.x.x.x`.
 */
export const LOOPBACK_EXEMPT_ENTRY = 'loopback';
/** Addresses exempt by default: the operator's own machine (every loopback address). */
export const RATE_LIMIT_DEFAULT_EXEMPT = [LOOPBACK_EXEMPT_ENTRY] as const;

/** Whether `address` is a loopback address (IPv4 127.0.0.0/8, IPv6 ::1, or IPv4-mapped 127/8). */
export function isLoopbackAddress(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}

/**
 * Whether `address` is in an exemption list (RATE_LIMIT_EXEMPT: addresses, and `loopback` for
 * every loopback address). Shared by the rate limits and the open-connection cap.
 */
export function isExemptAddress(address: string, exempt: ReadonlySet<string>): boolean {
  return exempt.has(address) || (exempt.has(LOOPBACK_EXEMPT_ENTRY) && isLoopbackAddress(address));
}

/** A per-address limit a route can name (`Route.rateLimit`): the router asks it per request. */
export interface RateLimiter {
  /** Takes one request of `address` (undefined: the socket is gone) or says how long to wait. */
  take(address: string | undefined): RateDecision;
  /** The sentence a refused client reads (in the `429 rate_limited` body). */
  describe(retryAfterS: number): string;
}

export type IpRateLimitOptions = {
  /** Requests each address may make per minute, refilled continuously. */
  perMinute: number;
  /** Requests an idle address may make at once; default `perMinute`. */
  burst?: number;
  /** Addresses never limited; the entry `loopback` stands for every loopback address. */
  exempt?: Iterable<string>;
  /** Clock in milliseconds (tests). */
  now?: () => number;
};

/** `retryAfterS` is the whole seconds until one more request would pass (at least 1). */
export type RateDecision = { ok: true } | { ok: false; retryAfterS: number };

type Bucket = { tokens: number; updatedAt: number };

/** A token bucket per client address, in a Map that a periodic sweep keeps small. */
export class IpRateLimit implements RateLimiter {
  readonly perMinute: number;
  readonly burst: number;
  private readonly exempt: ReadonlySet<string>;
  private readonly now: () => number;
  private readonly buckets = new Map<string, Bucket>();
  private readonly tokensPerMs: number;
  private lastSweepAt: number;

  constructor(options: IpRateLimitOptions) {
    if (!(options.perMinute > 0)) throw new TypeError('perMinute must be a positive number');
    this.perMinute = options.perMinute;
    this.burst = options.burst ?? options.perMinute;
    if (!(this.burst >= 1)) throw new TypeError('burst must be at least 1');
    this.exempt = new Set(options.exempt ?? []);
    this.now = options.now ?? Date.now;
    this.tokensPerMs = this.perMinute / 60_000;
    this.lastSweepAt = this.now();
  }

  /** Addresses currently tracked. */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token for `address`; an unknown address (socket already gone) passes. */
  take(address: string | undefined): RateDecision {
    if (address === undefined || isExemptAddress(address, this.exempt)) return { ok: true };
    const now = this.now();
    if (now - this.lastSweepAt >= RATE_LIMIT_SWEEP_INTERVAL_MS) this.sweep();
    const bucket = this.buckets.get(address) ?? this.track(address, now);
    bucket.tokens = this.refilled(bucket, now);
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    const waitMs = (1 - bucket.tokens) / this.tokensPerMs;
    return { ok: false, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  describe(retryAfterS: number): string {
    return `more than ${this.perMinute} requests per minute from this address; retry in ${retryAfterS} s`;
  }

  /** Drops every bucket that has refilled completely: it would behave as a new one. */
  sweep(): void {
    const now = this.now();
    this.lastSweepAt = now;
    for (const [address, bucket] of this.buckets) {
      if (this.refilled(bucket, now) >= this.burst) this.buckets.delete(address);
    }
  }

  private track(address: string, now: number): Bucket {
    // No sweep here: with the map full of busy addresses it would cost O(n) per request.
    if (this.buckets.size >= RATE_LIMIT_MAX_TRACKED_ADDRESSES) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    const bucket = { tokens: this.burst, updatedAt: now };
    this.buckets.set(address, bucket);
    return bucket;
  }

  private refilled(bucket: Bucket, now: number): number {
    return Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) * this.tokensPerMs);
  }
}
