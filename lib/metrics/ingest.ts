import { AppError } from '@/lib/errors';
import { requireBearer } from '@/lib/http/bearer-auth';
import { readJsonBody } from '@/lib/http/read-json-body';
import type { Runtime } from '@/lib/runtime';
import { describeIssue, INGEST_BODY_MAX_BYTES, ingestBodySchema } from './ingest-schema';

/** `POST /api/metrics`: validates the whole body, then stores every sample in one transaction. */
export async function ingestMetrics(request: Request, runtime: Runtime): Promise<Response> {
  if (runtime.env.INGEST_TOKEN) requireBearer(request.headers, runtime.env.INGEST_TOKEN);
  const json = await readJsonBody(request, INGEST_BODY_MAX_BYTES);
  const parsed = ingestBodySchema.safeParse(json);
  if (!parsed.success) throw new AppError('validation_failed', describeIssue(parsed.error));
  const result = runtime.metrics.append(parsed.data.samples);
  return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
}
