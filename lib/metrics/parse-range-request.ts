import { AppError } from '@/lib/errors';
import { RANGE_BOUND_MAX_DIGITS, RANGE_MAX_SPAN_DAYS, RANGE_MAX_SPAN_MS } from '@/lib/protocol';
import { parseSeriesParam, refuseBracketParams } from '@/lib/stream/parse-stream-request';

/** A parsed `GET /api/range` query: the bounds in ms since the epoch, and the wanted series. */
export type RangeRequest = { from: number; to: number; series?: string[] };

const RANGE_PARAMS = ['from', 'to', 'series'] as const;
const BOUND_PATTERN = new RegExp(`^\\d{1,${RANGE_BOUND_MAX_DIGITS}}$`);

/**
 * Reads `?from`, `?to` (whole ms of at most RANGE_BOUND_MAX_DIGITS digits, `from <= to`, span
 * at most RANGE_MAX_SPAN_MS: lib/protocol/range-limits.ts) and `?series` (same rules as on the
 * stream). Throws AppError `bad_request` naming the bad parameter.
 */
export function parseRangeRequest(url: URL): RangeRequest {
  refuseBracketParams(url.searchParams, RANGE_PARAMS);
  const from = parseBound(url.searchParams.getAll('from'), 'from');
  const to = parseBound(url.searchParams.getAll('to'), 'to');
  if (from > to) throw new AppError('bad_request', 'from must not be after to');
  if (to - from > RANGE_MAX_SPAN_MS) {
    throw new AppError(
      'bad_request',
      `the range must span at most ${RANGE_MAX_SPAN_MS} ms (${RANGE_MAX_SPAN_DAYS} days)`,
    );
  }
  const series = parseSeriesParam(url.searchParams.getAll('series'));
  return series ? { from, to, series } : { from, to };
}

function parseBound(values: string[], name: string): number {
  if (values.length > 1) throw new AppError('bad_request', `${name} must be given once`);
  const raw = values[0];
  if (raw === undefined || raw === '') {
    throw new AppError('bad_request', `${name} is required (ms since the epoch)`);
  }
  if (!BOUND_PATTERN.test(raw)) {
    throw new AppError(
      'bad_request',
      `${name} must be a whole number of ms since the epoch, got "${raw.slice(0, 32)}"`,
    );
  }
  return Number(raw);
}
