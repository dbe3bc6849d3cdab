import { AppError } from '@/lib/errors';
import { parseSeriesKeyList, STREAM_WINDOW_DEFAULT_S, STREAM_WINDOW_MAX_S } from '@/lib/protocol';
import { DATABASE_EPOCH_HEX_CHARS } from '@/lib/store/database-epoch';
import type { StreamRequest } from './stream-request';

/** Longest accepted `Last-Event-ID`, in digits (sequence numbers fit in 15). */
export const LAST_EVENT_ID_MAX_DIGITS = 15;

/**
 * Reads `?window`, `?series`, and `Last-Event-ID` (or `?lastEventId`) from a stream request.
 * Throws AppError `bad_request` naming the bad parameter.
 */
export function parseStreamRequest(
  url: URL,
  lastEventIdHeader: string | null | undefined,
): StreamRequest {
  refuseBracketParams(url.searchParams, STREAM_PARAMS);
  const request: StreamRequest = { windowS: parseWindow(url.searchParams.getAll('window')) };
  const series = parseSeriesParam(url.searchParams.getAll('series'));
  if (series) request.series = series;
  const cursor = lastEventIdHeader ?? single(url.searchParams.getAll('lastEventId'), 'lastEventId');
  if (cursor !== undefined && cursor !== null && cursor.trim() !== '') {
    const { seq, epoch } = parseCursor(cursor.trim());
    request.lastEventId = seq;
    if (epoch !== undefined) request.lastEpoch = epoch;
  }
  return request;
}

/** The query parameters of the stream; PHP-style `series[]=` forms of them are refused. */
const STREAM_PARAMS = ['window', 'series', 'lastEventId'] as const;

/**
 * Refuses PHP-style `name[]=` forms of `known` parameters (AppError `bad_request`).
 * `series[]=a` would otherwise be ignored as an unknown parameter: the client would silently
 * get every series instead of the ones it asked for.
 */
export function refuseBracketParams(params: URLSearchParams, known: readonly string[]): void {
  for (const key of params.keys()) {
    const bracket = key.indexOf('[');
    if (bracket < 1) continue;
    const base = key.slice(0, bracket);
    if (known.includes(base)) {
      throw new AppError(
        'bad_request',
        `${key.slice(0, 32)} is not supported: give ${base}=a,b or repeat ${base}=`,
      );
    }
  }
}

function single(values: string[], name: string): string | undefined {
  if (values.length > 1) throw new AppError('bad_request', `${name} must be given once`);
  return values[0];
}

function parseWindow(values: string[]): number {
  const raw = single(values, 'window');
  if (raw === undefined || raw === '') return STREAM_WINDOW_DEFAULT_S;
  if (!/^\d{1,7}$/.test(raw)) {
    throw new AppError(
      'bad_request',
      `window must be a whole number of seconds, got "${raw.slice(0, 32)}"`,
    );
  }
  const seconds = Number(raw);
  if (seconds < 1 || seconds > STREAM_WINDOW_MAX_S) {
    throw new AppError(
      'bad_request',
      `window must be between 1 and ${STREAM_WINDOW_MAX_S} seconds`,
    );
  }
  return seconds;
}

/**
 * Reads `?series=a,b` (repeatable): series keys (lib/protocol/series-key.ts; a comma inside a
 * key's braces is part of it), canonical (labels sorted), deduplicated; undefined when none is
 * given. Throws AppError `bad_request` naming a bad key or label.
 */
export function parseSeriesParam(values: string[]): string[] | undefined {
  if (values.length === 0) return undefined;
  const keys: string[] = [];
  for (const value of values) {
    const parsed = parseSeriesKeyList(value);
    if ('problem' in parsed) throw new AppError('bad_request', parsed.problem);
    for (const { key } of parsed) keys.push(key);
  }
  if (keys.length === 0) return undefined;
  return [...new Set(keys)];
}

/** `<seq>` (an event id) or `<seq>:<epoch>` (the seq and the database epoch it belongs to). */
const CURSOR_PATTERN = new RegExp(
  `^(\\d{1,${LAST_EVENT_ID_MAX_DIGITS}})(?::([0-9a-f]{${DATABASE_EPOCH_HEX_CHARS}}))?$`,
);

function parseCursor(raw: string): { seq: number; epoch?: string } {
  const match = CURSOR_PATTERN.exec(raw);
  if (!match) {
    throw new AppError(
      'bad_request',
      `Last-Event-ID must be a non-negative whole number of at most ${LAST_EVENT_ID_MAX_DIGITS} digits, optionally followed by ":" and the ${DATABASE_EPOCH_HEX_CHARS}-hex-digit database epoch`,
    );
  }
  const seq = Number(match[1]);
  return match[2] === undefined ? { seq } : { seq, epoch: match[2] };
}
