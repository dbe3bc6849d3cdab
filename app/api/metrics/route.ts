import { withErrors } from '@/lib/http/with-errors';
import { ingestMetrics } from '@/lib/metrics/ingest';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** `POST /api/metrics`: push samples of any series. */
export const POST = withErrors(ingestMetrics);
