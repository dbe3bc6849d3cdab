import {
  parseRangeAnswer,
  parseSeriesDeleteAnswer,
  parseSeriesSearchAnswer,
  type RangeAnswer,
  SERIES_PATH,
  type SeriesInfo,
} from '@/lib/protocol';

/**
 * The browser's client of the series endpoints: `GET /api/series` (search every stored series
 * name), `DELETE /api/series/<name>`, and the history of a few series from `GET /api/range`.
 * Every function takes the `fetch` to use, so tests can hand in a fake.
 */

/** Rows the page asks `GET /api/series` for (the server's default is 100, its maximum 1000). */
export const SERIES_SEARCH_LIMIT = 100;
/**
 * Longest list of series keys sent in one `/api/range?series=` request, in characters once
 * percent-encoded (a request line far below the server's 16 KiB header limit: a labelled key's
 * `{`, `"` and non-ASCII characters take 3 to 12 characters each). Longer lists are split into
 * several requests.
 */
export const HISTORY_URL_NAMES_MAX_CHARS = 4000;

export type FetchFn = typeof fetch;

/** What a delete came to, in words the page can show. */
export type DeleteSeriesResult =
  | { ok: true; series: string; samples: number }
  | { ok: false; status: number; code: string; message: string };

/** The URL of one series: its name percent-encoded as one path segment. */
export function seriesUrl(name: string): string {
  return `${SERIES_PATH}/${encodeURIComponent(name)}`;
}

/**
 * `DELETE /api/series/<name>`. A 404 (`not_found`) means someone deleted it first: the caller
 * treats the series as gone either way. Network errors come back as status 0.
 */
export async function deleteSeries(
  name: string,
  fetchFn: FetchFn = fetch,
): Promise<DeleteSeriesResult> {
  let response: Response;
  try {
    response = await fetchFn(seriesUrl(name), {
      method: 'DELETE',
      headers: { Accept: 'application/json' },
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'network error';
    return {
      ok: false,
      status: 0,
      code: 'network',
      message: `The server did not answer (${detail}).`,
    };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    return { ok: true, series: name, samples: parseSeriesDeleteAnswer(body)?.samples ?? 0 };
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${response.status}`;
  const detail = typeof error?.message === 'string' ? error.message : undefined;
  return {
    ok: false,
    status: response.status,
    code,
    message: deleteMessage(name, response.status, detail),
  };
}

/** The sentence shown for a refused delete. */
function deleteMessage(name: string, status: number, detail: string | undefined): string {
  switch (status) {
    case 404:
      return `${name} was already deleted.`;
    case 401:
      return 'Your session has ended: sign in again to delete series.';
    case 403:
      return `Not allowed to delete ${name}${detail ? `: ${detail}` : '.'}`;
    case 429:
      return 'Too many requests: try again in a moment.';
    default:
      return `${name} was not deleted${detail ? `: ${detail}` : ` (HTTP ${status}).`}`;
  }
}

/**
 * `GET /api/series?q=&limit=`: series whose key contains `query`, each as the page names series
 * (`name` is the key, as on the stream). Undefined when the server has no such endpoint or
 * answered an error (the caller falls back to the names it knows).
 */
export async function searchSeries(
  query: string,
  signal: AbortSignal | undefined,
  fetchFn: FetchFn = fetch,
  limit: number = SERIES_SEARCH_LIMIT,
): Promise<{ series: SeriesInfo[]; total: number } | undefined> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (query) params.set('q', query);
  try {
    const response = await fetchFn(`${SERIES_PATH}?${params}`, {
      headers: { Accept: 'application/json' },
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) return undefined;
    const answer = parseSeriesSearchAnswer(await response.json());
    if (!answer) return undefined;
    const series = answer.series.map(({ key, unit }) =>
      unit === undefined ? { name: key } : { name: key, unit },
    );
    return { series, total: answer.total };
  } catch {
    return undefined;
  }
}

/**
 * The last `windowMs` of the series `names` from `GET /api/range?series=` (one request; the
 * caller splits long lists with `chunkNames`). Throws on a network error, an error status or a
 * malformed answer.
 */
export async function fetchSeriesHistory(
  names: readonly string[],
  windowMs: number,
  signal: AbortSignal,
  fetchFn: FetchFn = fetch,
  now: number = Date.now(),
): Promise<RangeAnswer> {
  const params = new URLSearchParams({
    from: String(Math.floor(now - windowMs)),
    to: String(Math.ceil(now)),
    series: names.join(','),
  });
  const response = await fetchFn(`/api/range?${params}`, {
    headers: { Accept: 'application/json' },
    signal,
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new Error(`history request failed (${response.status})`);
  const answer = parseRangeAnswer(body);
  if (!answer) throw new Error('history answer does not match the contract');
  return answer;
}

/** Splits `names` into lists whose comma-joined length, percent-encoded, stays within `maxChars`. */
export function chunkNames(
  names: readonly string[],
  maxChars: number = HISTORY_URL_NAMES_MAX_CHARS,
): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const name of names) {
    const own = encodedLength(name);
    if (current.length > 0 && length + 3 + own > maxChars) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    length += own + (current.length > 0 ? 3 : 0);
    current.push(name);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Characters of `text` percent-encoded in a query (a comma between keys takes 3, `%2C`). */
function encodedLength(text: string): number {
  return encodeURIComponent(text).length;
}
