import { ConcurrencyLimit } from '@/lib/http/concurrency-limit';
import { sendJson } from '@/lib/http/http-response';
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
 * Default of RANGE_CONCURRENCY_MAX: range reads running at once, server-wide. SQLite reads run
 * on the event loop one at a time anyway; 1 lets other requests in between two reads.
 */
export const RANGE_CONCURRENCY_MAX_DEFAULT = 1;
/** Default of RANGE_QUEUE_MAX: range requests waiting for a slot; one more gets 503. */
export const RANGE_QUEUE_MAX_DEFAULT = 16;
/** `Retry-After` of a range request refused because the queue is full, in seconds. */
export const RANGE_RETRY_AFTER_S = 1;

/** Reads a range (any engine; may return a Promise). */
export type RangeSource = {
  readRange(request: RangeRequest, resolution: RangeResolution): RangeRead | Promise<RangeRead>;
};

export type RangeRouteDeps = {
  source: RangeSource;
  /** How long raw rows and minute rollups are kept (decides the fallback resolution). */
  kept: RetentionSpans;
  /** Range requests per address per minute (RATE_LIMIT_RANGE_PER_MIN). */
  rateLimit?: RateLimiter | undefined;
  /** Reads running and waiting, server-wide (RANGE_CONCURRENCY_MAX, RANGE_QUEUE_MAX). */
  concurrency: { max: number; queueMax: number };
};

/**
 * `GET /api/range` (and HEAD). A valid request waits for one of RANGE_CONCURRENCY_MAX slots
 * (RANGE_QUEUE_MAX may wait; the next gets `503 overloaded`); the read and the JSON
 * serialisation run in the slot, each on a fresh turn of the event loop. Other methods go to
 * Next (404), as before.
 */
export function rangeRoutes(deps: RangeRouteDeps): Route[] {
  const reads = new ConcurrencyLimit({
    ...deps.concurrency,
    retryAfterS: RANGE_RETRY_AFTER_S,
    setting: 'RANGE_CONCURRENCY_MAX, RANGE_QUEUE_MAX',
  });
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
          const { seq, series } = await deps.source.readRange(request, resolution);
          const answer: RangeAnswer = {
            from: request.from,
            to: request.to,
            resolution,
            seq,
            series,
          };
          sendJson(res, 200, answer);
        }, signal);
      },
    },
  ];
}
