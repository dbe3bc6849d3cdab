/**
 * Pulseboard's process: composes the pieces and owns the one `upgrade` listener.
 * No business logic lives here.
 */
import { createServer } from 'node:http';
import next from 'next';
import { WebSocketServer } from 'ws';
import { openDatabase } from './db/client';
import { createAccessControl } from './lib/auth/access-control';
import { authRoutes } from './lib/auth/auth-routes';
import { ChatHub } from './lib/chat/chat-hub';
import { chatUpgradeRoute } from './lib/chat/chat-upgrade';
import { Collector } from './lib/collector/collector';
import { parseEnv } from './lib/env';
import { installGracefulShutdown } from './lib/graceful-shutdown';
import { HookRunner } from './lib/hooks/hook-runner';
import { ConnectionLimit } from './lib/http/connection-limit';
import { DrainDeadline } from './lib/http/drain-deadline';
import { HostPolicy } from './lib/http/host-policy';
import { IpRateLimit } from './lib/http/ip-rate-limit';
import { ProxyTrust } from './lib/http/proxy-trust';
import { createRequestRouter } from './lib/http/request-router';
import { requestTimeoutOptions } from './lib/http/request-timeouts';
import { createUpgradeRouter } from './lib/http/upgrade-router';
import { layoutRoutes } from './lib/layout/layout-route';
import { SqliteLayoutStore } from './lib/layout/layout-store';
import { log } from './lib/logger';
import { ingestRoutes } from './lib/metrics/ingest-route';
import { sampleTimeWindowOf } from './lib/metrics/ingest-schema';
import { prepareRangeQueries, readRange } from './lib/metrics/range-queries';
import { rangeRoutes } from './lib/metrics/range-route';
import { ErrorTally } from './lib/observability/error-tally';
import { installGcOnSignal } from './lib/observability/gc-on-signal';
import { healthRoutes } from './lib/observability/health-route';
import { metricsRoutes } from './lib/observability/metrics-route';
import { createServerMetrics, type ServerMetrics } from './lib/observability/server-metrics';
import { CHAT_FRAME_MAX_BYTES } from './lib/protocol';
import { setRuntime } from './lib/runtime';
import { RetentionSweeper, retentionSpansMs } from './lib/store/retention-sweeper';
import { SqliteChatStore } from './lib/store/sqlite-chat-store';
import { SqliteMetricStore } from './lib/store/sqlite-metric-store';
import { StoreStatus } from './lib/store/store-status';
import { WalCheckpointer } from './lib/store/wal-checkpointer';
import { StreamHub } from './lib/stream/stream-hub';
import { streamRoutes } from './lib/stream/stream-route';
import config from './pulseboard.config';

const env = parseEnv();
const db = openDatabase(env.DATABASE_PATH, { maxBytes: env.DATABASE_MAX_BYTES });
const hooks = new HookRunner(config.hooks);
const httpErrors = new ErrorTally();
const access = createAccessControl(env);
let metrics: ServerMetrics | undefined;
const storeStatus = new StoreStatus();
const store = new SqliteMetricStore(db, storeStatus);
const wal = new WalCheckpointer(db.$client);
const retention = new RetentionSweeper(db.$client, {
  rawHours: env.RETENTION_RAW_HOURS,
  minuteDays: env.RETENTION_MINUTE_DAYS,
  hourDays: env.RETENTION_HOUR_DAYS,
  intervalMs: env.RETENTION_SWEEP_INTERVAL_MS,
  batchRows: env.RETENTION_BATCH_ROWS,
  maxMsPerSweep: env.RETENTION_SWEEP_MAX_MS,
});
const kept = retentionSpansMs(retention.options);
const rangeQueries = prepareRangeQueries(db);
const streamHub = new StreamHub(store, {
  keepAliveIntervalMs: env.SSE_KEEPALIVE_INTERVAL_MS,
  onFanOut: (ms) => metrics?.observeCommitToPush(ms),
});
const chat = new SqliteChatStore(db, storeStatus);
const layoutStore = new SqliteLayoutStore(db, storeStatus);
const chatHub = new ChatHub(chat, { heartbeatIntervalMs: env.CHAT_HEARTBEAT_INTERVAL_MS, hooks });
metrics = createServerMetrics({ streamHub, chatHub, httpErrors, hooks, wal, retention });
setRuntime({ access });

// The HTTP layer: one table of routes, each feature's; every limit shared where documented.
const exempt = env.RATE_LIMIT_EXEMPT;
const perMinute = (limit: number) => new IpRateLimit({ perMinute: limit, exempt });
const connectLimit = perMinute(env.RATE_LIMIT_CONNECT_PER_MIN);
const connections = new ConnectionLimit({ maxPerAddress: env.CONNECTIONS_MAX_PER_ADDRESS, exempt });
const policy = {
  hosts: new HostPolicy(env.HOST, env.ALLOWED_HOSTS),
  trust: new ProxyTrust(env.TRUST_PROXY),
  access,
  allowedOrigins: env.ALLOWED_ORIGINS,
  dev: env.NODE_ENV !== 'production',
};
const drainDeadline = new DrainDeadline();
const app = next({
  dev: policy.dev,
  hostname: env.HOST,
  port: env.PORT,
  // On its first request Next adds an `upgrade` listener of its own to `httpServer` (else to
  // the request's server). In production it serves nothing, but for every chat socket it runs
  // its router and keeps an AbortSignal and two listeners: about 24 KiB of garbage and 1.3 KiB
  // kept per socket (bench/memory.md). A server that never listens takes it; in development it
  // stays on ours, where it serves HMR.
  ...(policy.dev ? {} : { httpServer: createServer() }),
});
await app.prepare();
const routes = [
  ...healthRoutes({ streamHub, chatHub, storeStatus, startedAt: Date.now() }),
  ...streamRoutes({ hub: streamHub, hooks, rateLimit: connectLimit, connections }),
  ...ingestRoutes({
    store,
    timeWindow: sampleTimeWindowOf(env),
    ingestToken: env.INGEST_TOKEN,
    rateLimit: perMinute(env.RATE_LIMIT_INGEST_PER_MIN),
  }),
  ...rangeRoutes({
    source: {
      readRange: (request, resolution) => readRange(db, rangeQueries, request, resolution),
    },
    kept: { rawMs: kept.raw, minuteMs: kept.minute },
    rateLimit: perMinute(env.RATE_LIMIT_RANGE_PER_MIN),
    concurrency: { max: env.RANGE_CONCURRENCY_MAX, queueMax: env.RANGE_QUEUE_MAX },
  }),
  ...layoutRoutes({ store: layoutStore, hub: streamHub }),
  ...metricsRoutes({ metrics, token: env.METRICS_TOKEN }),
  ...(access ? authRoutes(access) : []),
];
const server = createServer(
  requestTimeoutOptions({
    headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: env.REQUEST_BODY_TIMEOUT_MS,
  }),
  createRequestRouter({
    ...policy,
    routes,
    fallback: app.getRequestHandler(),
    body: { timeoutMs: env.REQUEST_BODY_TIMEOUT_MS, drainDeadline },
    errors: httpErrors,
  }),
);
const wss = new WebSocketServer({ noServer: true, maxPayload: CHAT_FRAME_MAX_BYTES });
const chatRoute = chatUpgradeRoute({ wss, hub: chatHub, rateLimit: connectLimit, connections });
server.on(
  'upgrade',
  createUpgradeRouter({ ...policy, routes: [chatRoute], next: app.getUpgradeHandler() }),
);

const collector = new Collector(
  store,
  {
    sseStreams: () => streamHub.size,
    chatSockets: () => chatHub.connectionCount,
    chatMessagesPerMinute: () => chatHub.messagesInLastMinute(),
  },
  env.SAMPLE_INTERVAL_MS,
);
streamHub.start();
wal.start();
retention.start();
if (env.COLLECTOR_ENABLED) collector.start();

server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  log.info('listening', {
    url: `http://${env.HOST}:${port}`,
    mode: env.NODE_ENV,
    hooks: hooks.size,
    accessControl: access ? access.config.mode : 'off',
  });
});

installGcOnSignal();
installGracefulShutdown(server, {
  timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  beforeDrain: [
    { name: 'collector', run: () => collector.stop() },
    { name: 'streams', run: () => streamHub.closeAll() },
    { name: 'chat', run: () => chatHub.closeAll() },
  ],
  atDeadline: [{ name: 'unread ingest bodies', run: () => drainDeadline.pass() }],
  afterDrain: [
    { name: 'websockets', run: () => terminateAll(wss) },
    { name: 'store', run: () => store.close() },
    { name: 'wal checkpointer', run: () => wal.stop() },
    { name: 'retention sweeper', run: () => retention.stop() },
    { name: 'database', run: () => db.$client.close() },
  ],
});

function terminateAll(wss: WebSocketServer): void {
  for (const client of wss.clients) client.terminate();
  wss.close();
}
