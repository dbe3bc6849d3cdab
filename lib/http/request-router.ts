import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HookRunner } from '@/lib/hooks/hook-runner';
import { log } from '@/lib/logger';
import { isIngestRequest, serveNodeIngest } from '@/lib/metrics/node-ingest';
import type { ErrorTally } from '@/lib/observability/error-tally';
import { METRICS_PATH, serveMetrics } from '@/lib/observability/metrics-endpoint';
import type { ServerMetrics } from '@/lib/observability/server-metrics';
import type { MetricStore } from '@/lib/store/metric-store';
import { isStreamRequest, serveNodeStream } from '@/lib/stream/node-stream';
import type { StreamHub } from '@/lib/stream/stream-hub';
import type { DrainDeadline } from './drain-deadline';
import { pathOf } from './path-of';

/** Request ids a client (or proxy) may supply; anything else is replaced. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export type RequestRouterOptions = {
  streamTransport: 'node' | 'route';
  trustProxy: boolean;
  ingestTransport: 'node' | 'route';
  ingestToken: string | undefined;
  store: MetricStore;
  metricsToken: string | undefined;
  streamHub: StreamHub;
  hooks: HookRunner;
  metrics: ServerMetrics;
  httpErrors: ErrorTally;
  /** Passed by the graceful shutdown when it stops waiting: ingest bodies still unread get 503. */
  drainDeadline?: DrainDeadline;
  next: (req: IncomingMessage, res: ServerResponse) => unknown;
};

/**
 * The HTTP request listener: gives every request an id (`X-Request-Id`), serves `/metrics`,
 * and (with the `node` transports) `/api/stream` and `POST /api/metrics` on the raw response;
 * the rest goes to Next.
 */
export function createRequestRouter(options: RequestRouterOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    req.headers['x-request-id'] = id;
    res.setHeader('X-Request-Id', id);
    if (options.streamTransport === 'node' && isStreamRequest(req)) {
      serveNodeStream(
        req,
        res,
        options.streamHub,
        options.hooks,
        id,
        options.httpErrors,
        options.trustProxy,
      );
      return;
    }
    const startedAt = performance.now();
    res.once('finish', () => logRequest(req, res, id, startedAt));
    if (options.ingestTransport === 'node' && isIngestRequest(req)) {
      void serveNodeIngest(
        req,
        res,
        options.store,
        options.ingestToken,
        options.httpErrors,
        options.drainDeadline,
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
