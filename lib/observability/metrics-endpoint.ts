import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@/lib/errors';
import { requireBearer } from '@/lib/http/bearer-auth';
import { sendNodeError } from '@/lib/http/node-response';
import type { ErrorTally } from './error-tally';
import type { ServerMetrics } from './server-metrics';

/** The Prometheus scrape path. */
export const METRICS_PATH = '/metrics';

/** `GET /metrics`: Prometheus text format; a bearer token is required when `token` is set. */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: ServerMetrics,
  token: string | undefined,
  errors: ErrorTally,
): Promise<void> {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new AppError('bad_request', 'use GET /metrics');
    }
    if (token) requireBearer(req.headers.authorization, token);
    const body = await metrics.registry.metrics();
    res.writeHead(200, {
      'Content-Type': metrics.registry.contentType,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (error) {
    sendNodeError(req, res, error, errors);
  }
}
