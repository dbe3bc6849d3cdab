import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@/lib/errors';
import {
  checkDeclaredLength,
  checkJsonContentType,
  parseJsonText,
} from '@/lib/http/json-body-rules';
import { sendJson, sendNodeError } from '@/lib/http/node-response';
import { pathOf } from '@/lib/http/path-of';
import { readNodeBody } from '@/lib/http/read-node-body';
import { REQUEST_BODY_TIMEOUT_DEFAULT_MS } from '@/lib/http/request-timeouts';
import type { ErrorTally } from '@/lib/observability/error-tally';
import { type Layout, StreamEvent } from '@/lib/protocol';
import { LAYOUT_BODY_MAX_BYTES, parseLayoutPut } from './layout-schema';
import type { SqliteLayoutStore } from './layout-store';

/** The layout path, served on the raw Node request (no Next route). */
export const LAYOUT_PATH = '/api/layout';

export function isLayoutRequest(req: IncomingMessage): boolean {
  return pathOf(req.url) === LAYOUT_PATH;
}

/** Where a saved layout is announced: every open SSE stream (`event: layout`). */
export type LayoutBroadcaster = {
  broadcast(eventName: string, payload: unknown, version?: number): void;
};

/**
 * `GET /api/layout` answers the current layout; `PUT /api/layout` with
 * `{"baseVersion","widgets"}` saves it when `baseVersion` is current (else 409 `conflict`),
 * answers the new layout and broadcasts it as `event: layout`. Other methods: 405-like 400.
 */
export async function serveLayout(
  req: IncomingMessage,
  res: ServerResponse,
  store: SqliteLayoutStore,
  hub: LayoutBroadcaster,
  errors: ErrorTally,
  bodyTimeoutMs = REQUEST_BODY_TIMEOUT_DEFAULT_MS,
): Promise<void> {
  try {
    if (req.method === 'GET' || req.method === 'HEAD') {
      sendJson(res, 200, await store.get());
      return;
    }
    if (req.method !== 'PUT') {
      res.setHeader('Allow', 'GET, HEAD, PUT');
      throw new AppError(
        'bad_request',
        `${req.method} is not supported on ${LAYOUT_PATH}; use GET or PUT`,
      );
    }
    checkJsonContentType(req.headersDistinct['content-type']?.join(', '));
    checkDeclaredLength(req.headers['content-length'], LAYOUT_BODY_MAX_BYTES);
    const text = await readNodeBody(req, LAYOUT_BODY_MAX_BYTES, bodyTimeoutMs);
    const body = parseLayoutPut(parseJsonText(text));
    const saved: Layout = await store.put(body.baseVersion, body.widgets);
    hub.broadcast(StreamEvent.Layout, saved, saved.version);
    sendJson(res, 200, saved);
  } catch (error) {
    sendNodeError(req, res, error, errors);
  }
}
