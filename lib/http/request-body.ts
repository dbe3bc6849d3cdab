import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '@/lib/errors';
import type { DrainDeadline } from './drain-deadline';

/** The JSON media type, the default (and most common) body type of a route. */
export const JSON_MEDIA_TYPE = 'application/json';

/**
 * A request body read in full: its media type (lower case, no parameters), its bytes
 * (decompressed) and those bytes decoded as UTF-8 (invalid bytes become U+FFFD).
 */
export type RequestBody = { mediaType: string; text: string; bytes: Buffer };

export type BodyRules = {
  /** Largest body accepted, in bytes: 413 past it (declared or counted). */
  maxBytes: number;
  /** Media types accepted: 415 for any other, or for two Content-Type headers. */
  mediaTypes: readonly string[];
  /** REQUEST_BODY_TIMEOUT_MS: the whole body must arrive within it of `receivedAt`, else 408. */
  timeoutMs: number;
  /**
   * When the request's headers were in (`performance.now()` ms): any wait before the read
   * (the access gate, a queue) counts against the same budget.
   */
  receivedAt: number;
  /** The shutdown's drain deadline: a body still unread when it passes gets 503. */
  drainDeadline?: DrainDeadline | undefined;
  /**
   * Whether `Content-Encoding: gzip` is taken (decompressed as it arrives; `maxBytes` bounds
   * the bytes received and the bytes decompressed alike, so a small bomb gets 413); any other
   * encoding but `identity` gets 415. Without it any encoding but `identity` gets 415.
   */
  gzip?: boolean;
};

/**
 * The one body reader of every route that takes a body: 415 unless the content type is one of
 * `mediaTypes`, 413 when the declared length is over `maxBytes` (checked before reading) or the
 * body grows past it, 408 unless the body is complete `timeoutMs` after `receivedAt`, 503 when the shutdown's
 * drain deadline passes first. Kept as bytes and decoded as UTF-8 (invalid bytes become U+FFFD).
 */
export async function readRequestBody(
  req: IncomingMessage,
  rules: BodyRules,
): Promise<RequestBody> {
  const mediaType = checkContentType(req.headersDistinct['content-type'], rules.mediaTypes);
  checkDeclaredLength(req.headers['content-length'], rules.maxBytes);
  const bytes = await readBytes(req, rules);
  return { mediaType, text: bytes.toString('utf8'), bytes };
}

/** Parses a body's text as JSON: 400 `invalid_json` when it is empty or not JSON. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') throw new AppError('invalid_json', 'body is empty; expected JSON');
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'parse error';
    throw new AppError('invalid_json', `body is not valid JSON: ${reason}`);
  }
}

/** The media type of the one Content-Type header when it is accepted; else 415. */
export function checkContentType(
  given: readonly string[] | undefined,
  accepted: readonly string[],
): string {
  // Every Content-Type header counts: two are refused, as a fetch Request would join them.
  const type = given?.join(', ');
  const mediaType = (type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (given?.length === 1 && accepted.includes(mediaType)) return mediaType;
  const wanted = accepted.join(' or ');
  throw new AppError(
    'unsupported_media_type',
    accepted.length === 1
      ? `Content-Type must be ${wanted}, got ${type ? `"${type.slice(0, 64)}"` : 'none'}`
      : `Content-Type must be ${wanted}`,
  );
}

/** 413 when the declared Content-Length is over `maxBytes`. */
export function checkDeclaredLength(declared: string | undefined, maxBytes: number): void {
  if (declared !== undefined && Number(declared) > maxBytes) throw bodyTooLarge(maxBytes);
}

function bodyTooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `body is larger than ${maxBytes} bytes`);
}

function bodyTimedOut(timeoutMs: number): AppError {
  return new AppError(
    'request_timeout',
    `the request body did not arrive within ${timeoutMs} ms [REQUEST_BODY_TIMEOUT_MS]`,
  );
}

function shuttingDown(): AppError {
  return new AppError(
    'shutting_down',
    'the server is shutting down; nothing of this request was stored; retry it',
  );
}

/**
 * Whether the body is gzip (`Content-Encoding: gzip`, on a route that takes it). Any other
 * encoding, or gzip on a route that does not take it, is 415: its bytes would otherwise be read
 * as if they were the body (RFC 9110, 15.5.16).
 */
function isGzip(req: IncomingMessage, allowed: boolean | undefined): boolean {
  const given = req.headersDistinct['content-encoding'];
  const encoding = given?.join(',').trim().toLowerCase() ?? 'identity';
  if (encoding === 'identity' || encoding === '') return false;
  if (allowed && (encoding === 'gzip' || encoding === 'x-gzip')) return true;
  throw new AppError(
    'unsupported_media_type',
    allowed
      ? `Content-Encoding must be gzip or identity, got "${encoding.slice(0, 32)}"`
      : `this endpoint takes an uncompressed body (no Content-Encoding), got "${encoding.slice(0, 32)}"`,
  );
}

function readBytes(req: IncomingMessage, rules: BodyRules): Promise<Buffer> {
  const { maxBytes, timeoutMs, receivedAt, drainDeadline } = rules;
  const gunzip = isGzip(req, rules.gzip) ? createGunzip() : undefined;
  const source: Readable = gunzip ?? req;
  return new Promise((resolve, reject) => {
    if (drainDeadline?.passed) {
      reject(shuttingDown());
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let received = 0;
    const cleanUp = () => {
      clearTimeout(timer);
      forget?.();
      source.removeListener('data', onData);
      source.removeListener('end', onEnd);
      source.removeListener('error', onError);
      source.removeListener('error', onGzipError);
      if (gunzip) {
        req.removeListener('data', onCompressed);
        req.removeListener('error', onError);
        req.unpipe(gunzip);
        // Settled: a late error of the abandoned decompressor must not go unhandled.
        gunzip.on('error', () => {});
        gunzip.destroy();
      }
    };
    const stop = (error: unknown) => {
      cleanUp();
      req.resume();
      reject(error);
    };
    // The compressed bytes count too: empty gzip members decompress to nothing, forever.
    const onCompressed = (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received > maxBytes) stop(bodyTooLarge(maxBytes));
    };
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) stop(bodyTooLarge(maxBytes));
      else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanUp();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const onGzipError = (error: Error) =>
      stop(new AppError('bad_request', `body is not valid gzip: ${error.message}`));
    const timer = setTimeout(
      () => stop(bodyTimedOut(timeoutMs)),
      Math.max(0, receivedAt + timeoutMs - performance.now()),
    );
    const forget = drainDeadline?.onPass(() => stop(shuttingDown()));
    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', gunzip ? onGzipError : onError);
    if (gunzip) {
      req.on('data', onCompressed);
      req.once('error', onError);
      req.pipe(gunzip);
    }
  });
}
