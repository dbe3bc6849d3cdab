import { AppError } from '@/lib/errors';
import {
  parseSeriesKey,
  SERIES_KEY_MAX_BYTES,
  SERIES_NAME_MAX_CHARS,
  SERIES_SEARCH_DEFAULT_LIMIT,
  SERIES_SEARCH_MAX_LIMIT,
} from '@/lib/protocol';

/** A parsed `GET /api/series` query; `match` is absent when not given. */
export type SeriesSearchRequest = { q: string; limit: number; match?: string };

const SEARCH_PARAMS: readonly string[] = ['q', 'limit', 'match'];
/** What `?match` may hold: the start of a metric name (SERIES_NAME_PATTERN's characters). */
const MATCH_PATTERN = new RegExp(`^[A-Za-z0-9_.:-]{1,${SERIES_NAME_MAX_CHARS}}$`);

/**
 * Reads `?q` (a substring of series keys, at most SERIES_KEY_MAX_BYTES characters, the longest
 * key; any text: one that cannot be in a key just matches nothing), `?match` (a metric name or
 * the start of one: 1 to SERIES_NAME_MAX_CHARS of `A-Z a-z 0-9 _ . : -`) and `?limit` (a whole
 * number from 0 to SERIES_SEARCH_MAX_LIMIT; default SERIES_SEARCH_DEFAULT_LIMIT). Throws
 * AppError `bad_request` naming the bad parameter.
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
  if ([...q].length > SERIES_KEY_MAX_BYTES) {
    throw new AppError(
      'bad_request',
      `q must be at most ${SERIES_KEY_MAX_BYTES} characters (the longest series key)`,
    );
  }
  const match = single(url.searchParams.getAll('match'), 'match') || undefined;
  if (match !== undefined && !MATCH_PATTERN.test(match)) {
    throw new AppError(
      'bad_request',
      `match must be a metric name or its start (${MATCH_PATTERN.source}), got "${match.slice(0, 32)}"`,
    );
  }
  const base = match === undefined ? { q } : { q, match };
  const rawLimit = single(url.searchParams.getAll('limit'), 'limit');
  if (rawLimit === undefined || rawLimit === '')
    return { ...base, limit: SERIES_SEARCH_DEFAULT_LIMIT };
  const limit = /^\d{1,7}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
  if (!(limit <= SERIES_SEARCH_MAX_LIMIT)) {
    throw new AppError(
      'bad_request',
      `limit must be a whole number from 0 to ${SERIES_SEARCH_MAX_LIMIT}, got "${rawLimit.slice(0, 32)}"`,
    );
  }
  return { ...base, limit };
}

/**
 * The series key of `DELETE /api/series/<key>` (the path segment, already percent-decoded),
 * canonical (labels sorted). Throws AppError `bad_request` when it is not a key a series can
 * have, naming the bad label.
 */
export function parseSeriesName(name: string | undefined): string {
  const parsed = parseSeriesKey(name ?? '');
  if ('problem' in parsed) throw new AppError('bad_request', parsed.problem);
  return parsed.key;
}

function single(values: string[], name: string): string | undefined {
  if (values.length > 1) throw new AppError('bad_request', `${name} must be given once`);
  return values[0];
}
