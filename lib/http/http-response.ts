import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ErrorBody, toErrorBody } from '@/lib/errors';
import { errorFields, log } from '@/lib/logger';
import type { ErrorBodyWriter } from './route';

/** Counts answered errors by code (`pulseboard_errors_total{channel="http"}`). */
export type ErrorCounter = { count(code: string): void };

/** Answers with a JSON body (never cached). A HEAD request gets the headers only. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  if (body instanceof WrittenBody) {
    res.writeHead(status, bodyHeaders(body));
    res.end(body.body);
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, jsonHeaders(json));
  res.end(json);
}

/**
 * Answers with a JSON body already serialised, in parts written one after another (not joined
 * into one copy): for a large answer built elsewhere (`GET /api/range`). Same headers as
 * {@link sendJson}.
 */
export function sendJsonParts(
  res: ServerResponse,
  status: number,
  parts: readonly (string | Uint8Array)[],
): void {
  if (res.headersSent) return;
  let length = 0;
  for (const part of parts) {
    length += typeof part === 'string' ? Buffer.byteLength(part) : part.byteLength;
  }
  res.writeHead(status, jsonHeadersOfLength(length));
  for (const part of parts) res.write(part);
  res.end();
}

/** 303 See Other to `location` (never cached). */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', 'Content-Length': 0 });
  res.end();
}

function jsonHeaders(json: string) {
  return jsonHeadersOfLength(Buffer.byteLength(json));
}

function bodyHeaders(written: WrittenBody) {
  const { body, contentType } = written;
  const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  return { ...jsonHeadersOfLength(bytes), 'Content-Type': contentType };
}

function jsonHeadersOfLength(bytes: number) {
  return {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Content-Length': bytes,
  };
}

/**
 * The one error mapper of every route: maps a thrown value to `{"error":{code,message}}` with
 * its status and `Retry-After`, counts the code, logs an unknown error once, and closes the
 * connection when the request body may be left unread.
 */
export function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  errors: ErrorCounter | undefined,
  writer?: ErrorBodyWriter | undefined,
): void {
  const { status, body: errorBody, known, retryAfterS } = toErrorBody(error);
  const body = writer ? new WrittenBody(req, status, errorBody, writer) : errorBody;
  errors?.count(errorBody.error.code);
  if (!known) {
    log.error('unhandled request error', {
      reqId: req.headers['x-request-id'],
      url: req.url,
      ...errorFields(error),
    });
  }
  if (retryAfterS !== undefined && !res.headersSent) res.setHeader('Retry-After', retryAfterS);
  const code = errorBody.error.code;
  if (!leavesBodyUnread(code) || res.headersSent) {
    sendJson(res, status, body);
    return;
  }
  res.setHeader('Connection', 'close');
  const bodyDone = req.complete || req.method === 'GET' || req.method === 'HEAD';
  if (bodyDone || code === 'request_timeout' || code === 'shutting_down') {
    sendJson(res, status, body); // the body is not coming (or the server is leaving): close now
    return;
  }
  sendJsonBeforeBody(req, res, status, body);
}

/** An error body a route writes itself (Route.errorBody): sent as is, with its media type. */
class WrittenBody {
  readonly contentType: string;
  readonly body: string | Uint8Array;

  constructor(req: IncomingMessage, status: number, error: ErrorBody, writer: ErrorBodyWriter) {
    const written = writer(req, { status, ...error.error });
    this.contentType = written.contentType;
    this.body = written.body;
  }
}

/**
 * Whether an error with `code` is answered before the request body was read: the rest of the
 * body may still be on the socket, so the connection must not be reused.
 */
export function leavesBodyUnread(code: string): boolean {
  return UNREAD_BODY_CODES.has(code);
}

const UNREAD_BODY_CODES: ReadonlySet<string> = new Set([
  'unauthorized',
  'forbidden',
  'host_not_allowed',
  'unsupported_media_type',
  'payload_too_large',
  'request_timeout',
  'rate_limited',
  'too_many_connections',
  'overloaded',
  'shutting_down',
]);

/**
 * Most bytes of an unread request body thrown away after an early answer (401, 403, 413, 415,
 * 429), so that the connection closes cleanly once the client has sent it. Closing with unread
 * bytes makes the kernel reset the connection, and a reset can destroy the answer before the
 * client reads it. Past this, the connection is closed anyway.
 */
export const UNREAD_BODY_DISCARD_MAX_BYTES = 2 * 1024 * 1024;
/** Longest the server waits for the rest of an unread body before closing, in milliseconds. */
export const UNREAD_BODY_LINGER_MS = 2000;

/**
 * Sends the whole answer at once but ends the response (and so closes the connection) only
 * when the rest of the request body has arrived and been thrown away, or after
 * UNREAD_BODY_DISCARD_MAX_BYTES or UNREAD_BODY_LINGER_MS, whichever comes first.
 */
function sendJsonBeforeBody(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
): void {
  if (body instanceof WrittenBody) {
    res.writeHead(status, bodyHeaders(body));
    res.write(body.body);
  } else {
    const json = JSON.stringify(body);
    res.writeHead(status, jsonHeaders(json));
    res.write(json);
  }
  let discarded = 0;
  const end = () => {
    clearTimeout(timer);
    req.removeListener('data', onData);
    req.removeListener('end', end);
    if (!res.writableEnded) res.end();
  };
  const onData = (chunk: Buffer) => {
    discarded += chunk.byteLength;
    if (discarded > UNREAD_BODY_DISCARD_MAX_BYTES) end();
  };
  const timer = setTimeout(end, UNREAD_BODY_LINGER_MS);
  req.on('data', onData);
  req.once('end', end);
  req.resume();
}
