import type { HookRunner } from '@/lib/hooks/hook-runner';
import type { ConnectionLimit } from '@/lib/http/connection-limit';
import type { RateLimiter } from '@/lib/http/ip-rate-limit';
import type { Route, RouteContext } from '@/lib/http/route';
import { parseStreamRequest } from './parse-stream-request';
import { openStreamConnection } from './stream-connection';
import type { StreamHub } from './stream-hub';
import { responseSink } from './stream-sink';

/** The stream's path. */
export const STREAM_PATH = '/api/stream';

/** Headers of every stream: never cached, never transformed or buffered by proxies. */
export const STREAM_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
} as const;

/** STREAM_HEADERS as the flat `[name, value, …]` list `writeHead` takes. */
const STREAM_HEADER_LIST: readonly string[] = Object.entries(STREAM_HEADERS).flat();

export type StreamRouteDeps = {
  hub: StreamHub;
  hooks?: HookRunner | undefined;
  /** New streams per address per minute, shared with chat sockets (RATE_LIMIT_CONNECT_PER_MIN). */
  rateLimit?: RateLimiter | undefined;
  /** Open streams per address, shared with chat sockets (CONNECTIONS_MAX_PER_ADDRESS). */
  connections?: ConnectionLimit | undefined;
};

/**
 * `GET /api/stream`, written straight to the Node response (the one transport: see
 * docs/architecture.md#transports). `HEAD` answers the stream's headers and ends. Other methods
 * get 405, as the Next route handler this replaced answered them.
 */
export function streamRoutes(deps: StreamRouteDeps): Route[] {
  return [
    {
      methods: ['GET'],
      path: STREAM_PATH,
      auth: 'session',
      rateLimit: deps.rateLimit,
      connections: deps.connections,
      logsItself: true,
      writesHead: true,
      otherMethods: 'not_allowed',
      handler: (ctx) => serveStream(ctx, deps),
    },
    {
      methods: ['HEAD'],
      path: STREAM_PATH,
      auth: 'session',
      otherMethods: 'not_allowed',
      handler: ({ res }) => {
        res.writeHead(200, STREAM_HEADERS);
        res.end();
      },
    },
  ];
}

/** Opens one SSE stream on the hub; it is released when the response closes. */
function serveStream(ctx: RouteContext, deps: StreamRouteDeps): void {
  const { req, res } = ctx;
  const lastEventId = req.headers['last-event-id'];
  const request = parseStreamRequest(
    ctx.url,
    Array.isArray(lastEventId) ? lastEventId.join(',') : lastEventId,
  );
  // One array, the router's headers first: Node keeps the header string only, no header map.
  res.writeHead(200, [...ctx.head, ...STREAM_HEADER_LIST]);
  res.socket?.setNoDelay(true);
  // The head goes out now, not with the first event: Node keeps it as the string it was
  // concatenated from (about 50 pieces, 1.6 KiB, for the stream's life) until it is written on
  // its own; written alone, V8 flattens it in place (0.7 KiB). The client sees the same bytes.
  res.flushHeaders();
  const connection = openStreamConnection(deps.hub, deps.hooks, request, responseSink(res), {
    connectionId: ctx.id,
    remoteAddress: ctx.clientAddress,
    session: ctx.session,
  });
  // `on`, not `once`: a response closes once, and `once` would wrap the listener per stream.
  res.on('close', () => connection.release());
  if (res.destroyed) connection.release();
}
