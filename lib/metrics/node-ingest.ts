import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, toErrorBody } from '@/lib/errors';
import { requireBearer } from '@/lib/http/bearer-auth';
import {
  bodyTooLarge,
  checkDeclaredLength,
  checkJsonContentType,
  parseJsonText,
} from '@/lib/http/json-body-rules';
import { pathOf } from '@/lib/http/path-of';
import type { ErrorTally } from '@/lib/observability/error-tally';
import type { MetricStore } from '@/lib/store/metric-store';
import { describeIssue, INGEST_BODY_MAX_BYTES, ingestBodySchema } from './ingest-schema';

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
    if (ingestToken)
      requireBearer(new Headers({ authorization: req.headers.authorization ?? '' }), ingestToken);
    checkJsonContentType(req.headers['content-type']);
    checkDeclaredLength(req.headers['content-length'], INGEST_BODY_MAX_BYTES);
    const text = await readCapped(req, INGEST_BODY_MAX_BYTES);
    const parsed = ingestBodySchema.safeParse(parseJsonText(text));
    if (!parsed.success) throw new AppError('validation_failed', describeIssue(parsed.error));
    const result = store.append(parsed.data.samples);
    send(res, 200, result);
  } catch (error) {
    const { status, body } = toErrorBody(error);
    errors.count(body.error.code);
    // An oversized or refused body may be left unread on the socket: do not reuse it.
    if (status === 413 || status === 401 || status === 415) res.setHeader('Connection', 'close');
    send(res, status, body);
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

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
}
