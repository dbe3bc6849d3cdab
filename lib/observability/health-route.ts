import { sendJson } from '@/lib/http/http-response';
import type { Route } from '@/lib/http/route';
import type { StoreState } from '@/lib/store/store-errors';
import type { StreamHub } from '@/lib/stream/stream-hub';

/** The health path: liveness for load balancers and the test helpers. */
export const HEALTH_PATH = '/api/health';

export type HealthSources = {
  streamHub: Pick<StreamHub, 'lastSeq' | 'size' | 'stats' | 'activeHandles'>;
  chatHub: { readonly connectionCount: number };
  /** Whether the database takes writes. */
  storeStatus: { readonly state: StoreState };
  /** When the server started, in Unix ms. */
  startedAt: number;
  /** This instance's name (INSTANCE_ID, else host name and port), read on each request. */
  instance?: () => string;
  /** The store engine: `sqlite` or `postgres`. */
  engine?: 'sqlite' | 'postgres';
};

/**
 * `GET /api/health`: liveness plus a few live counts. `store` is `ok`, `full` or `read_only`:
 * whether the last write to the database worked (reads and streams serve in every state).
 * Open to everyone; other methods get 405, as the Next route handler this replaced answered.
 */
export function healthRoutes(sources: HealthSources): Route[] {
  return [
    {
      methods: ['GET', 'HEAD'],
      path: HEALTH_PATH,
      auth: 'public',
      otherMethods: 'not_allowed',
      handler: ({ res }) => {
        const { streamHub } = sources;
        sendJson(res, 200, {
          status: 'ok',
          ...(sources.instance ? { instance: sources.instance() } : {}),
          ...(sources.engine ? { engine: sources.engine } : {}),
          store: sources.storeStatus.state,
          seq: streamHub.lastSeq,
          streams: streamHub.size,
          chatSockets: sources.chatHub.connectionCount,
          uptimeS: Math.round((Date.now() - sources.startedAt) / 1000),
          stream: { ...streamHub.stats, groups: streamHub.activeHandles.groups },
        });
      },
    },
  ];
}
