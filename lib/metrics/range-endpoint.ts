import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@/db/client';
import { sendJson, sendNodeError } from '@/lib/http/node-response';
import { pathOf } from '@/lib/http/path-of';
import type { ErrorTally } from '@/lib/observability/error-tally';
import type { RangeAnswer } from '@/lib/protocol';
import { parseRangeRequest } from './parse-range-request';
import { prepareRangeQueries, type RangeQueries, readRange } from './range-queries';
import { chooseResolution, type RetentionSpans } from './range-resolution';

/** The history endpoint: `GET /api/range?from=&to=[&series=]` (docs/ranges.md). */
export const RANGE_PATH = '/api/range';

/** Whether this request is a `GET` (or `HEAD`) of the range endpoint; other methods go to Next. */
export function isRangeRequest(request: IncomingMessage): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') && pathOf(request.url) === RANGE_PATH
  );
}

/** Serves `GET /api/range` on the raw Node response; its statements are prepared once. */
export class RangeEndpoint {
  readonly #db: Db;
  readonly #q: RangeQueries;
  readonly #kept: RetentionSpans;

  /** `kept`: how long raw rows and minute rollups are kept (decides the fallback resolution). */
  constructor(db: Db, kept: RetentionSpans) {
    this.#db = db;
    this.#q = prepareRangeQueries(db);
    this.#kept = kept;
  }

  serve(req: IncomingMessage, res: ServerResponse, errors: ErrorTally | undefined): void {
    try {
      const request = parseRangeRequest(new URL(req.url ?? '/', 'http://localhost'));
      const resolution = chooseResolution(request.from, request.to, Date.now(), this.#kept);
      const answer = readRange(this.#db, this.#q, request, resolution);
      sendJson(res, 200, {
        from: request.from,
        to: request.to,
        resolution,
        seq: answer.seq,
        series: answer.series,
      } satisfies RangeAnswer);
    } catch (error) {
      sendNodeError(req, res, error, errors);
    }
  }
}
