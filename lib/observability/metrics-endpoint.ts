import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, toErrorBody } from '@/lib/errors';
import { requireBearer } from '@/lib/http/bearer-auth';
import type { ServerMetrics } from './server-metrics';

/** The Prometheus scrape path. */
export const METRICS_PATH = '/metrics';

/** `GET /metrics`: Prometheus text format; a bearer token is required when `token` is set. */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: ServerMetrics,
  token: string | undefined,
): Promise<AppError | undefined> {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new AppError('bad_request', 'use GET /metrics');
    }
    if (token)
      requireBearer(new Headers({ authorization: req.headers.authorization ?? '' }), token);
    const body = await metrics.registry.metrics();
    res.writeHead(200, {
      'Content-Type': metrics.registry.contentType,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return undefined;
  } catch (error) {
    const { status, body } = toErrorBody(error);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
    return error instanceof AppError ? error : new AppError('internal_error', 'metrics failed');
  }
}
