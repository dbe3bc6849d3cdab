import { isAuthEnabled } from '@/lib/auth/auth-config';
import { requireBearer } from '@/lib/http/bearer-auth';
import { readJsonBody } from '@/lib/http/read-json-body';
import type { Runtime } from '@/lib/runtime';
import { INGEST_BODY_MAX_BYTES, parseIngestBody } from './ingest-schema';

/** `POST /api/metrics`: validates the whole body, then stores every sample in one transaction. */
export async function ingestMetrics(request: Request, runtime: Runtime): Promise<Response> {
  const token = runtime.env.INGEST_TOKEN;
  // With access control on, the request router's gate has checked the session or this token.
  if (token && !isAuthEnabled(runtime.env)) {
    requireBearer(request.headers.get('authorization'), token);
  }
  const samples = parseIngestBody(
    await readJsonBody(request, INGEST_BODY_MAX_BYTES, runtime.env.REQUEST_BODY_TIMEOUT_MS),
  );
  const result = await runtime.metricStore.append(samples);
  // append() resolved: the transaction committed (docs/durability.md). Only now the 200.
  return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
}
