import { AppError } from '@/lib/errors';
import type { Route } from '@/lib/http/route';
import type { ServerMetrics } from './server-metrics';

/** The Prometheus scrape path. */
export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics`: Prometheus text format; `Authorization: Bearer <METRICS_TOKEN>` is required
 * when the token is set (open to the access gate otherwise). Other methods: 400.
 */
export function metricsRoutes(deps: {
  metrics: ServerMetrics;
  token: string | undefined;
}): Route[] {
  return [
    {
      methods: '*',
      path: METRICS_PATH,
      auth: { bearer: deps.token, orSession: false },
      handler: async ({ req, res }) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          throw new AppError('bad_request', 'use GET /metrics');
        }
        const body = await deps.metrics.registry.metrics();
        res.writeHead(200, {
          'Content-Type': deps.metrics.registry.contentType,
          'Cache-Control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
    },
  ];
}
