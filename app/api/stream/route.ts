import { withErrors } from '@/lib/http/with-errors';
import { openStreamResponse } from '@/lib/stream/stream-response';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** `GET /api/stream`: Server-Sent Events of metric snapshots and samples. */
export const GET = withErrors(openStreamResponse);
