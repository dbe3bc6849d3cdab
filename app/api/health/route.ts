import { withErrors } from '@/lib/http/with-errors';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * `GET /api/health`: liveness plus a few live counts. `store` is `ok`, `full` or `read_only`:
 * whether the last write to the database worked (reads and streams serve in every state).
 */
export const GET = withErrors((_request, runtime) =>
  Response.json(
    {
      status: 'ok',
      store: runtime.storeStatus.state,
      seq: runtime.streamHub.lastSeq,
      streams: runtime.streamHub.size,
      chatSockets: runtime.chatHub.connectionCount,
      uptimeS: Math.round((Date.now() - runtime.startedAt) / 1000),
      stream: { ...runtime.streamHub.stats, groups: runtime.streamHub.activeHandles.groups },
    },
    { headers: { 'Cache-Control': 'no-store' } },
  ),
);
