import { ConcurrencyLimit } from '@/lib/http/concurrency-limit';
import { sendJsonParts } from '@/lib/http/http-response';
import type { RateLimiter } from '@/lib/http/ip-rate-limit';
import type { Route } from '@/lib/http/route';
import type { RangeAnswer, RangeResolution } from '@/lib/protocol';
import type { RangeRead } from '@/lib/store/metric-store';
import { parseRangeRequest, type RangeRequest } from './parse-range-request';
import { chooseResolution, type RetentionSpans } from './range-resolution';

/** The history endpoint: `GET /api/range?from=&to=[&series=]` (docs/ranges.md). */
export const RANGE_PATH = '/api/range';
/** Default of RATE_LIMIT_RANGE_PER_MIN: range requests per client address per minute. */
export const RATE_LIMIT_RANGE_PER_MIN_DEFAULT = 60;
/**
 * Default of RANGE_CONCURRENCY_MAX: range reads running at once, server-wide (SQLite: in as
 * many worker threads). One read of RANGE_MAX_ROWS keeps a core busy for about a second; on
 * the 2 cores measured, 2 did not serve the four looping clients faster than 1 (docs/limits.md).
 */
export const RANGE_CONCURRENCY_MAX_DEFAULT = 1;
/** Default of RANGE_QUEUE_MAX: range requests waiting for a slot; one more gets 503. */
export const RANGE_QUEUE_MAX_DEFAULT = 16;
/** `Retry-After` of a range request refused because the queue is full, in seconds. */
export const RANGE_RETRY_AFTER_S = 1;

/** Reads a range, its series already serialised (any engine's `MetricStore.readRange`). */
export type RangeSource = {
  readRange(request: RangeRequest, resolution: RangeResolution): Promise<RangeRead>;
};

export type RangeRouteDeps = {
  source: RangeSource;
  /** How long raw rows and minute rollups are kept (decides the fallback resolution). */
  kept: RetentionSpans;
  /** Range requests per address per minute (RATE_LIMIT_RANGE_PER_MIN). */
  rateLimit?: RateLimiter | undefined;
  /** Reads running and waiting, server-wide: {@link rangeReadLimit} (its counts feed `/metrics`). */
  reads: ConcurrencyLimit;
};

/** The server-wide bound on range reads: `max` running (RANGE_CONCURRENCY_MAX), `queueMax` waiting (RANGE_QUEUE_MAX). */
export function rangeReadLimit(concurrency: { max: number; queueMax: number }): ConcurrencyLimit {
  return new ConcurrencyLimit({
    ...concurrency,
    retryAfterS: RANGE_RETRY_AFTER_S,
    setting: 'RANGE_CONCURRENCY_MAX, RANGE_QUEUE_MAX',
  });
}

/**
 * `GET /api/range` (and HEAD). A valid request waits for one of RANGE_CONCURRENCY_MAX slots
 * (RANGE_QUEUE_MAX may wait; the next gets `503 overloaded`); in the slot the store reads the
 * range and serialises its series (SQLite: in a worker thread), and the route writes those
 * bytes inside the answer's JSON as they are. Other methods go to Next (404), as before.
 */
export function rangeRoutes(deps: RangeRouteDeps): Route[] {
  const { reads } = deps;
  return [
    {
      methods: ['GET', 'HEAD'],
      path: RANGE_PATH,
      auth: 'session',
      rateLimit: deps.rateLimit,
      handler: async ({ res, url, signal }) => {
        const request = parseRangeRequest(url);
        await reads.run(async () => {
          const resolution = chooseResolution(request.from, request.to, Date.now(), deps.kept);
          const { seq, seriesJson } = await deps.source.readRange(request, resolution);
          const head = { from: request.from, to: request.to, resolution, seq };
          sendJsonParts(res, 200, rangeAnswerParts(head, seriesJson));
        }, signal);
      },
    },
  ];
}

/**
 * The body of a range answer in three parts, byte for byte `JSON.stringify(answer)` (same keys
 * in the same order), with the store's serialised series in the middle, never parsed here.
 */
export function rangeAnswerParts(
  head: Omit<RangeAnswer, 'series'>,
  seriesJson: Uint8Array,
): [string, Uint8Array, string] {
  const { from, to, resolution, seq } = head;
  const fields = JSON.stringify({ from, to, resolution, seq } satisfies typeof head);
  return [`${fields.slice(0, -1)},"series":`, seriesJson, '}'];
}
