/**
 * TODO(merge, issue 4): TEMPORARY stand-in for `GET /api/range`, written by slice "timeux" only so
 * the page's range picker can be tested before slice "ranges" lands. It answers raw resolution
 * only (no rollups, no band) with the contract of /tmp/prompts/issue4-design.md. At merge the lead
 * replaces this file (and its one line in request-router.ts) with the real implementation.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@/lib/errors';
import { sendJson, sendNodeError } from '@/lib/http/node-response';
import { pathOf } from '@/lib/http/path-of';
import type { ErrorTally } from '@/lib/observability/error-tally';
import { SERIES_NAME_PATTERN } from '@/lib/protocol';
import type { MetricStore } from '@/lib/store/metric-store';

/** Widest span a range request may ask for, in milliseconds (366 days). */
export const RANGE_MAX_SPAN_MS = 366 * 24 * 60 * 60 * 1000;

/** Whether this is `GET /api/range`. */
export function isRangeRequest(req: IncomingMessage): boolean {
  return req.method === 'GET' && pathOf(req.url) === '/api/range';
}

/** Answers a range request from raw samples (stand-in: see the header). */
export function serveRange(
  req: IncomingMessage,
  res: ServerResponse,
  store: MetricStore,
  tally: ErrorTally | undefined,
): void {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const from = Number(url.searchParams.get('from'));
    const to = Number(url.searchParams.get('to'));
    if (!url.searchParams.get('from') || !url.searchParams.get('to')) {
      throw new AppError('bad_request', 'from and to (ms since the epoch) are required');
    }
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to <= from) {
      throw new AppError('bad_request', 'from and to must be integers with from < to');
    }
    if (to - from > RANGE_MAX_SPAN_MS) {
      throw new AppError('bad_request', 'the range may span at most 366 days');
    }
    const names = (url.searchParams.get('series') ?? '').split(',').filter((n) => n !== '');
    for (const name of names) {
      if (!SERIES_NAME_PATTERN.test(name)) throw new AppError('bad_request', 'bad series name');
    }
    const seq = store.lastSeq();
    const snapshot = store.snapshot({
      sinceTs: from,
      upToSeq: seq,
      ...(names.length > 0 ? { series: names } : {}),
    });
    sendJson(res, 200, {
      from,
      to,
      resolution: 'raw',
      seq,
      series: snapshot.map((s) => ({
        ...s,
        points: s.points.filter(([ts]) => ts <= to).sort((a, b) => a[0] - b[0]),
      })),
    });
  } catch (error) {
    sendNodeError(req, res, error, tally);
  }
}
