import { type ExpositionFormat, formatOfContentType } from './exposition-parse';

/**
 * Largest scrape answer read, in bytes after decompression (8 MiB; node_exporter answers about
 * 60 KiB): past it the scrape fails as `too_large` and `up` is 0, as Prometheus's
 * `body_size_limit`.
 */
export const SCRAPE_BODY_MAX_BYTES = 8 * 1024 * 1024;

/**
 * The Accept header Prometheus sends: OpenMetrics first, then the text format 0.0.4
 * (Prometheus 2.x, `scrape.go`); a target that cannot do OpenMetrics answers 0.0.4.
 */
export const SCRAPE_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/** Why a scrape failed, as counted on `/metrics` (`pulseboard_scrapes_total{outcome}`). */
export type ScrapeFailure =
  | 'unreachable'
  | 'timeout'
  | 'http_error'
  | 'too_large'
  | 'garbage'
  | 'too_many_samples';

/** A scrape that failed, with its outcome and a sentence for the log. */
export class ScrapeError extends Error {
  constructor(
    readonly outcome: ScrapeFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ScrapeError';
  }
}

/** A scrape answer read whole: its text and the format its Content-Type names. */
export type ScrapeBody = { text: string; format: ExpositionFormat };

/**
 * GETs `url` with Prometheus's Accept header and reads the answer, all within `timeoutMs`
 * (connect, headers and body) and at most `maxBytes` of body. `signal` aborts it (shutdown).
 * Throws ScrapeError: `unreachable`, `timeout`, `http_error` (not 200), `too_large`.
 */
export async function fetchScrape(
  url: string,
  options: { timeoutMs: number; maxBytes: number; signal?: AbortSignal },
): Promise<ScrapeBody> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const fail = (error: unknown): never => {
    if (error instanceof ScrapeError) throw error;
    if (timeout.aborted)
      throw new ScrapeError('timeout', `no answer within ${options.timeoutMs} ms`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new ScrapeError('unreachable', cause?.code ?? cause?.message ?? String(error));
  };
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: SCRAPE_ACCEPT, 'User-Agent': 'Pulseboard-scrape' },
      redirect: 'follow',
      signal,
    });
  } catch (error) {
    return fail(error);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new ScrapeError('http_error', `answered ${response.status}`);
  }
  try {
    const text = await readCapped(response, options.maxBytes);
    return { text, format: formatOfContentType(response.headers.get('content-type')) };
  } catch (error) {
    return fail(error);
  }
}

/** The body as UTF-8, refused past `maxBytes` (counted as it arrives, never all buffered first). */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (response.headers.get('content-encoding') === null && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = response.body?.getReader();
  if (!reader) return '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(maxBytes: number): ScrapeError {
  return new ScrapeError('too_large', `body over ${maxBytes} bytes [SCRAPE_BODY_MAX_BYTES]`);
}
