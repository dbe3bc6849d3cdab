import { AppError } from '@/lib/errors';
import { sendJson } from '@/lib/http/http-response';
import { parseJsonText } from '@/lib/http/request-body';
import type { Route } from '@/lib/http/route';
import { type Layout, StreamEvent, type Widget } from '@/lib/protocol';
import { LAYOUT_BODY_MAX_BYTES, parseLayoutPut } from './layout-schema';

/** The layout path. */
export const LAYOUT_PATH = '/api/layout';

/** The shared layout, as the route needs it (any engine; each call may return a Promise). */
export type LayoutSource = {
  get(): Layout | Promise<Layout>;
  /** Saves `widgets` when `baseVersion` is current (else throws `conflict`); the new layout. */
  put(baseVersion: number, widgets: Widget[]): Layout | Promise<Layout>;
};

/** Where a saved layout is announced: every open SSE stream (`event: layout`). */
export type LayoutBroadcaster = {
  /**
   * `version`: a broadcast older than the last one sent under `versionKey` (default: the event
   * name) is dropped (two saves that race).
   */
  broadcast(eventName: string, payload: unknown, version?: number, versionKey?: string): void;
};

/**
 * `GET /api/layout` answers the current layout; `PUT /api/layout` with
 * `{"baseVersion","widgets"}` saves it when `baseVersion` is current (else 409 `conflict`),
 * answers the new layout and broadcasts it as `event: layout`. Other methods: 400 with `Allow`.
 */
export function layoutRoutes(deps: { store: LayoutSource; hub: LayoutBroadcaster }): Route[] {
  return [
    {
      methods: ['GET', 'HEAD'],
      path: LAYOUT_PATH,
      auth: 'session',
      handler: async ({ res }) => sendJson(res, 200, await deps.store.get()),
    },
    {
      methods: ['PUT'],
      path: LAYOUT_PATH,
      auth: 'session',
      bodyMaxBytes: LAYOUT_BODY_MAX_BYTES,
      handler: async ({ res, body }) => {
        const put = parseLayoutPut(parseJsonText(body?.text ?? ''));
        const saved = await deps.store.put(put.baseVersion, put.widgets);
        deps.hub.broadcast(StreamEvent.Layout, saved, saved.version);
        sendJson(res, 200, saved);
      },
    },
    {
      methods: '*',
      path: LAYOUT_PATH,
      auth: 'session',
      handler: ({ req, res }) => {
        res.setHeader('Allow', 'GET, HEAD, PUT');
        throw new AppError(
          'bad_request',
          `${req.method} is not supported on ${LAYOUT_PATH}; use GET or PUT`,
        );
      },
    },
  ];
}
