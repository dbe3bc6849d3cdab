import type { IncomingMessage, ServerResponse } from 'node:http';
import { requireBearer } from '@/lib/http/bearer-auth';
import {
  bodyTimedOut,
  bodyTooLarge,
  checkDeclaredLength,
  checkJsonContentType,
  parseJsonText,
} from '@/lib/http/json-body-rules';
import { sendJson, sendNodeError } from '@/lib/http/node-response';
import { pathOf } from '@/lib/http/path-of';
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
 */
export async function serveNodeIngest(
  req: IncomingMessage,
  res: ServerResponse,
  store: MetricStore,
  ingestToken: string | undefined,
  errors: ErrorTally,
  bodyTimeoutMs = REQUEST_BODY_TIMEOUT_DEFAULT_MS,
): Promise<void> {
  try {
    if (ingestToken) requireBearer(req.headers.authorization, ingestToken);
    // Every Content-Type given, as Next's Request would join them: two are refused (415).
    checkJsonContentType(req.headersDistinct['content-type']?.join(', '));
    checkDeclaredLength(req.headers['content-length'], INGEST_BODY_MAX_BYTES);
    const text = await readCapped(req, INGEST_BODY_MAX_BYTES, bodyTimeoutMs);
    sendJson(res, 200, store.append(parseIngestBody(parseJsonText(text))));
  } catch (error) {
    sendNodeError(req, res, error, errors);
  }
}

/** Reads the body: 413 past `maxBytes`, 408 unless it is complete within `timeoutMs`. */
function readCapped(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const stop = (error: unknown) => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      req.resume();
      reject(error);
    };
    const timer = setTimeout(() => stop(bodyTimedOut(timeoutMs)), timeoutMs);
    req.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        stop(bodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
