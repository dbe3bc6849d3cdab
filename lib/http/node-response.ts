import type { IncomingMessage, ServerResponse } from 'node:http';
import { toErrorBody } from '@/lib/errors';
import { errorFields, log } from '@/lib/logger';
import type { ErrorTally } from '@/lib/observability/error-tally';
import { leavesBodyUnread } from './json-body-rules';

/** Answers with a JSON body on a raw Node response (never cached). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const json = JSON.stringify(body);
  res.writeHead(status, jsonHeaders(json));
  res.end(json);
}

function jsonHeaders(json: string) {
  return {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(json),
  };
}

/**
 * The raw-response twin of `withErrors`: maps a thrown value to `{"error":{code,message}}` with
 * its status, counts the code, logs an unknown error once, and closes the connection when the
 * request body may be left unread.
 */
export function sendNodeError(
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  tally: ErrorTally | undefined,
): void {
  const { status, body, known, retryAfterS } = toErrorBody(error);
  tally?.count(body.error.code);
  if (!known) {
    log.error('unhandled request error', {
      reqId: req.headers['x-request-id'],
      url: req.url,
      ...errorFields(error),
    });
  }
  if (retryAfterS !== undefined && !res.headersSent) res.setHeader('Retry-After', retryAfterS);
  if (!leavesBodyUnread(body.error.code) || res.headersSent) {
    sendJson(res, status, body);
    return;
  }
  res.setHeader('Connection', 'close');
  if (body.error.code === 'request_timeout' || body.error.code === 'shutting_down') {
    sendJson(res, status, body); // the body is not coming (or the server is leaving): close now
    return;
  }
  sendJsonBeforeBody(req, res, status, body);
}

/**
 * Most bytes of an unread request body thrown away after an early answer (401, 413, 415, 429),
 * so that the connection closes cleanly once the client has sent it. Closing with unread bytes
 * makes the kernel reset the connection, and a reset can destroy the answer before the client
 * reads it. Past this, the connection is closed anyway.
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
  const json = JSON.stringify(body);
  res.writeHead(status, jsonHeaders(json));
  if (req.complete) {
    res.end(json);
    return;
  }
  res.write(json);
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
