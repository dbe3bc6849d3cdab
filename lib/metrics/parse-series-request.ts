import { AppError } from '@/lib/errors';
import {
  SERIES_NAME_MAX_CHARS,
  SERIES_NAME_PATTERN,
  SERIES_SEARCH_DEFAULT_LIMIT,
  SERIES_SEARCH_MAX_LIMIT,
} from '@/lib/protocol';

/** A parsed `GET /api/series` query. */
export type SeriesSearchRequest = { q: string; limit: number };

const SEARCH_PARAMS: readonly string[] = ['q', 'limit'];

/**
 * Reads `?q` (a substring of series names, at most SERIES_NAME_MAX_CHARS characters; any text:
 * one that cannot be in a name just matches nothing) and `?limit` (a whole number from 0 to
 * SERIES_SEARCH_MAX_LIMIT; default SERIES_SEARCH_DEFAULT_LIMIT). Throws AppError `bad_request`
 * naming the bad parameter.
 */
export function parseSeriesSearch(url: URL): SeriesSearchRequest {
  for (const key of url.searchParams.keys()) {
    const base = key.slice(0, key.indexOf('['));
    if (key.includes('[') && SEARCH_PARAMS.includes(base)) {
      // `q[]=x` would otherwise be ignored: the client would silently get every series.
      throw new AppError('bad_request', `${key.slice(0, 32)} is not supported: give ${base}= once`);
    }
  }
  const q = single(url.searchParams.getAll('q'), 'q') ?? '';
  if ([...q].length > SERIES_NAME_MAX_CHARS) {
    throw new AppError(
      'bad_request',
      `q must be at most ${SERIES_NAME_MAX_CHARS} characters (the longest series name)`,
    );
  }
  const rawLimit = single(url.searchParams.getAll('limit'), 'limit');
  if (rawLimit === undefined || rawLimit === '') return { q, limit: SERIES_SEARCH_DEFAULT_LIMIT };
  const limit = /^\d{1,7}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
  if (!(limit <= SERIES_SEARCH_MAX_LIMIT)) {
    throw new AppError(
      'bad_request',
      `limit must be a whole number from 0 to ${SERIES_SEARCH_MAX_LIMIT}, got "${rawLimit.slice(0, 32)}"`,
    );
  }
  return { q, limit };
}

/**
 * The series name of `DELETE /api/series/<name>` (the path segment, already percent-decoded).
 * Throws AppError `bad_request` when it is not a name a series can have.
 */
export function parseSeriesName(name: string | undefined): string {
  if (name !== undefined && SERIES_NAME_PATTERN.test(name)) return name;
  throw new AppError(
    'bad_request',
    `series name "${(name ?? '').slice(0, 64)}" must match ${SERIES_NAME_PATTERN.source}`,
  );
}

function single(values: string[], name: string): string | undefined {
  if (values.length > 1) throw new AppError('bad_request', `${name} must be given once`);
  return values[0];
}
