import { withErrors } from '@/lib/http/with-errors';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** `GET /api/health`: liveness plus a few live counts. */
export const GET = withErrors((_request, runtime) =>
  Response.json(
    {
      status: 'ok',
      seq: runtime.streamHub.lastSeq,
      streams: runtime.streamHub.size,
      chatSockets: runtime.chatHub.connectionCount,
      uptimeS: Math.round((Date.now() - runtime.startedAt) / 1000),
      stream: { ...runtime.streamHub.stats, groups: runtime.streamHub.activeHandles.groups },
    },
    { headers: { 'Cache-Control': 'no-store' } },
  ),
);
