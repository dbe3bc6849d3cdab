import type { IncomingMessage, ServerResponse } from 'node:http';
import { requireBearer } from '@/lib/http/bearer-auth';
import type { DrainDeadline } from '@/lib/http/drain-deadline';
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
import type { MetricStore } from '@/lib/store/metric-store';
import { INGEST_BODY_MAX_BYTES, parseIngestBody } from './ingest-schema';

/** The ingest path; `app/api/metrics/route.ts` serves the same contract through Next. */
export const INGEST_PATH = '/api/metrics';

/** Whether server.ts should serve this request on the raw Node response. */
export function isIngestRequest(request: IncomingMessage): boolean {
  return request.method === 'POST' && pathOf(request.url) === INGEST_PATH;
}

/**
 * `POST /api/metrics` straight on the Node request: the same checks, in the same order, and
 * the same answers as the route handler, without Next's per-request cost.
 *
 * Durability: `store.append` commits the whole batch in one transaction and returns only after
 * the commit (synchronous = FULL, see docs/durability.md); the 200 is written after it returns.
 * When `drainDeadline` passes (shutdown ran out of time) while the body is still being read,
 * the request is answered `503 shutting_down` and nothing of it is stored.
 */
export async function serveNodeIngest(
  req: IncomingMessage,
  res: ServerResponse,
  store: MetricStore,
  ingestToken: string | undefined,
  errors: ErrorTally,
  bodyTimeoutMs = REQUEST_BODY_TIMEOUT_DEFAULT_MS,
  drainDeadline?: DrainDeadline,
): Promise<void> {
  try {
    if (ingestToken) requireBearer(req.headers.authorization, ingestToken);
    // Every Content-Type given, as Next's Request would join them: two are refused (415).
    checkJsonContentType(req.headersDistinct['content-type']?.join(', '));
    checkDeclaredLength(req.headers['content-length'], INGEST_BODY_MAX_BYTES);
    const text = await readNodeBody(req, INGEST_BODY_MAX_BYTES, bodyTimeoutMs, drainDeadline);
    const result = await store.append(parseIngestBody(parseJsonText(text)));
    // Committed: only now may the client hear 200.
    sendJson(res, 200, result);
  } catch (error) {
    sendNodeError(req, res, error, errors);
  }
}
