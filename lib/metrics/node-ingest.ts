import type { IncomingMessage, ServerResponse } from 'node:http';
import { requireBearer } from '@/lib/http/bearer-auth';
import {
  bodyTooLarge,
  checkDeclaredLength,
  checkJsonContentType,
  parseJsonText,
} from '@/lib/http/json-body-rules';
import { sendJson, sendNodeError } from '@/lib/http/node-response';
import { pathOf } from '@/lib/http/path-of';
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
 */
export async function serveNodeIngest(
  req: IncomingMessage,
  res: ServerResponse,
  store: MetricStore,
  ingestToken: string | undefined,
  errors: ErrorTally,
): Promise<void> {
  try {
    if (ingestToken) requireBearer(req.headers.authorization, ingestToken);
    checkJsonContentType(req.headers['content-type']);
    checkDeclaredLength(req.headers['content-length'], INGEST_BODY_MAX_BYTES);
    const text = await readCapped(req, INGEST_BODY_MAX_BYTES);
    sendJson(res, 200, store.append(parseIngestBody(parseJsonText(text))));
  } catch (error) {
    sendNodeError(req, res, error, errors);
  }
}

function readCapped(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(bodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}
