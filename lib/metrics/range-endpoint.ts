import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, sendNodeError } from '@/lib/http/node-response';
import { pathOf } from '@/lib/http/path-of';
import type { ErrorTally } from '@/lib/observability/error-tally';
import type { MetricStore } from '@/lib/store/metric-store';
import { parseRangeRequest } from './parse-range-request';
import { chooseResolution, type RetentionSpans } from './range-resolution';

/** The history endpoint: `GET /api/range?from=&to=[&series=]` (docs/ranges.md). */
export const RANGE_PATH = '/api/range';

/** Whether this request is a `GET` (or `HEAD`) of the range endpoint; other methods go to Next. */
export function isRangeRequest(request: IncomingMessage): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') && pathOf(request.url) === RANGE_PATH
  );
}

/** Serves `GET /api/range` on the raw Node response, read through the metric store. */
export class RangeEndpoint {
  readonly #store: MetricStore;
  readonly #kept: RetentionSpans;

  /** `kept`: how long raw rows and minute rollups are kept (decides the fallback resolution). */
  constructor(store: MetricStore, kept: RetentionSpans) {
    this.#store = store;
    this.#kept = kept;
  }

  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    errors: ErrorTally | undefined,
  ): Promise<void> {
    try {
      const request = parseRangeRequest(new URL(req.url ?? '/', 'http://localhost'));
      const resolution = chooseResolution(request.from, request.to, Date.now(), this.#kept);
      const answer = await this.#store.readRange(request, resolution);
      sendJson(res, 200, {
        from: request.from,
        to: request.to,
        resolution,
        seq: answer.seq,
        series: answer.series,
      });
    } catch (error) {
      sendNodeError(req, res, error, errors);
    }
  }
}
