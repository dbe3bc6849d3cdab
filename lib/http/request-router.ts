import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessControl } from '@/lib/auth/access-control';
import type { HookRunner } from '@/lib/hooks/hook-runner';
import type { SqliteLayoutStore } from '@/lib/layout/layout-store';
import { isLayoutRequest, serveLayout } from '@/lib/layout/node-layout';
import { log } from '@/lib/logger';
import { isIngestRequest, serveNodeIngest } from '@/lib/metrics/node-ingest';
import { isRangeRequest, type RangeEndpoint } from '@/lib/metrics/range-endpoint';
import type { ErrorTally } from '@/lib/observability/error-tally';
import { METRICS_PATH, serveMetrics } from '@/lib/observability/metrics-endpoint';
import type { ServerMetrics } from '@/lib/observability/server-metrics';
import type { SampleTimeWindow } from '@/lib/protocol';
import type { MetricStore } from '@/lib/store/metric-store';
import { isStreamRequest, serveNodeStream } from '@/lib/stream/node-stream';
import type { StreamHub } from '@/lib/stream/stream-hub';
import { crossSiteRefused, isSameOriginRequest } from './csrf';
import type { DrainDeadline } from './drain-deadline';
import type { IpRateLimit } from './ip-rate-limit';
import { sendNodeError } from './node-response';
import { pathOf } from './path-of';
import { refuseOverRateLimit } from './rate-limit-gate';
import { applySecurityHeaders } from './security-headers';

/** Request ids a client (or proxy) may supply; anything else is replaced. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export type RequestRouterOptions = {
  streamTransport: 'node' | 'route';
  trustProxy: boolean;
  ingestTransport: 'node' | 'route';
  ingestToken: string | undefined;
  store: MetricStore;
  /** The sample timestamps ingest accepts (INGEST_MAX_FUTURE_MS, RETENTION_RAW_HOURS). */
  ingestTimeWindow: SampleTimeWindow;
  metricsToken: string | undefined;
  streamHub: StreamHub;
  /** The shared dashboard layout (`/api/layout`); absent: the path goes to Next (404). */
  layoutStore?: SqliteLayoutStore;
  hooks: HookRunner;
  metrics: ServerMetrics;
  httpErrors: ErrorTally;
  /** Browser origins besides our own allowed to send state-changing requests (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
  /** `next dev`: the CSP allows what development mode needs (see security-headers.ts). */
  dev: boolean;
  /** Per-address limit on `POST /api/metrics` (RATE_LIMIT_INGEST_PER_MIN). */
  ingestLimit?: IpRateLimit;
  /** Per-address limit on new streams, shared with chat sockets (RATE_LIMIT_CONNECT_PER_MIN). */
  connectLimit?: IpRateLimit;
  /** REQUEST_BODY_TIMEOUT_MS for the raw ingest body. */
  bodyTimeoutMs?: number;
  /** Access control (AUTH_PASSWORD / AUTH_USERS); undefined when it is off. */
  access?: AccessControl | undefined;
  /** Passed by the graceful shutdown when it stops waiting: ingest bodies still unread get 503. */
  drainDeadline?: DrainDeadline;
  /** `GET /api/range` (history from raw samples and rollups); absent in some tests. */
  range?: RangeEndpoint;
  next: (req: IncomingMessage, res: ServerResponse) => unknown;
};

/**
 * The HTTP request listener: gives every request an id (`X-Request-Id`) and the security
 * headers (CSP with a fresh nonce, …), refuses cross-site state-changing requests (403), serves
 * `/metrics`, `GET /api/range` and `/api/layout`, and (with the `node` transports) `/api/stream`
 * and `POST /api/metrics` on the raw
 * response; the rest goes to Next.
 */
export function createRequestRouter(options: RequestRouterOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    req.headers['x-request-id'] = id;
    res.setHeader('X-Request-Id', id);
    applySecurityHeaders(req, res, { dev: options.dev });
    const isStream = options.streamTransport === 'node' && isStreamRequest(req);
    // Streams log their own open and close; every other request is logged when answered.
    if (!isStream) {
      const startedAt = performance.now();
      res.once('finish', () => logRequest(req, res, id, startedAt));
    }
    const limit = rateLimitOf(req, options);
    if (limit && refuseOverRateLimit(limit, options.trustProxy, req, res, options.httpErrors)) {
      return;
    }
    // Before the gate: a cross-site POST (the login form included) gets 403, never a session.
    if (!isSameOriginRequest(req, options.allowedOrigins)) {
      res.setHeader('Connection', 'close'); // the body is left unread
      sendNodeError(req, res, crossSiteRefused(), options.httpErrors);
      return;
    }
    // Access control answers its own endpoints, 401s and login redirects before any dispatch,
    // so both transports of the stream and of ingest are gated alike.
    const verdict = options.access?.gate(req, res);
    if (verdict?.handled) return;
    if (isStream) {
      serveNodeStream(
        req,
        res,
        options.streamHub,
        options.hooks,
        id,
        options.httpErrors,
        options.trustProxy,
        verdict?.session?.exp,
      );
      return;
    }
    if (options.ingestTransport === 'node' && isIngestRequest(req)) {
      // With access control on, the gate has checked the session or the bearer token.
      const token = options.access ? undefined : options.ingestToken;
      void serveNodeIngest(
        req,
        res,
        options.store,
        options.ingestTimeWindow,
        token,
        options.httpErrors,
        options.bodyTimeoutMs,
        options.drainDeadline,
      );
      return;
    }
    if (options.range && isRangeRequest(req)) {
      options.range.serve(req, res, options.httpErrors);
      return;
    }
    if (options.layoutStore && isLayoutRequest(req)) {
      void serveLayout(
        req,
        res,
        options.layoutStore,
        options.streamHub,
        options.httpErrors,
        options.bodyTimeoutMs,
      );
      return;
    }
    if (pathOf(req.url) === METRICS_PATH) {
      void serveMetrics(req, res, options.metrics, options.metricsToken, options.httpErrors);
      return;
    }
    void options.next(req, res);
  };
}

/** The rate limit that applies to this request, whichever transport serves it. */
function rateLimitOf(req: IncomingMessage, options: RequestRouterOptions): IpRateLimit | undefined {
  if (isIngestRequest(req)) return options.ingestLimit;
  if (isStreamRequest(req)) return options.connectLimit;
  return undefined;
}

function logRequest(req: IncomingMessage, res: ServerResponse, id: string, startedAt: number) {
  const fields = {
    reqId: id,
    method: req.method,
    path: pathOf(req.url),
    status: res.statusCode,
    durationMs: Math.round(performance.now() - startedAt),
  };
  if (res.statusCode >= 500) log.warn('http request', fields);
  else log.debug('http request', fields);
}
