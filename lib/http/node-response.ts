import type { IncomingMessage, ServerResponse } from 'node:http';
import { toErrorBody } from '@/lib/errors';
import { errorFields, log } from '@/lib/logger';
import type { ErrorTally } from '@/lib/observability/error-tally';
import { leavesBodyUnread } from './json-body-rules';

/** Answers with a JSON body on a raw Node response (never cached). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
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
  if (leavesBodyUnread(body.error.code) && !res.headersSent) res.setHeader('Connection', 'close');
  if (retryAfterS !== undefined && !res.headersSent) res.setHeader('Retry-After', retryAfterS);
  sendJson(res, status, body);
}
