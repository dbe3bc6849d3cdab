/**
 * Pulseboard's process: composes the pieces and owns the one `upgrade` listener.
 * No business logic lives here.
 */
import { createServer } from 'node:http';
import next from 'next';
import { WebSocketServer } from 'ws';
import { openDatabase } from './db/client';
import { createAccessControl } from './lib/auth/access-control';
import { ChatHub } from './lib/chat/chat-hub';
import { CHAT_PATH, handleChatUpgrade } from './lib/chat/chat-upgrade';
import { Collector } from './lib/collector/collector';
import { parseEnv } from './lib/env';
import { installGracefulShutdown } from './lib/graceful-shutdown';
import { HookRunner } from './lib/hooks/hook-runner';
import { DrainDeadline } from './lib/http/drain-deadline';
import { IpRateLimit } from './lib/http/ip-rate-limit';
import { createRequestRouter } from './lib/http/request-router';
import { requestTimeoutOptions } from './lib/http/request-timeouts';
import { createUpgradeRouter } from './lib/http/upgrade-router';
import { SqliteLayoutStore } from './lib/layout/layout-store';
import { log } from './lib/logger';
import { RangeEndpoint } from './lib/metrics/range-endpoint';
import { ErrorTally } from './lib/observability/error-tally';
import { installGcOnSignal } from './lib/observability/gc-on-signal';
import { createServerMetrics, type ServerMetrics } from './lib/observability/server-metrics';
import { CHAT_FRAME_MAX_BYTES } from './lib/protocol';
import { setRuntime } from './lib/runtime';
import { RetentionSweeper, retentionSpansMs } from './lib/store/retention-sweeper';
import { SqliteChatStore } from './lib/store/sqlite-chat-store';
import { SqliteMetricStore } from './lib/store/sqlite-metric-store';
import { StoreStatus } from './lib/store/store-status';
import { WalCheckpointer } from './lib/store/wal-checkpointer';
import { StreamHub } from './lib/stream/stream-hub';
import config from './pulseboard.config';

const env = parseEnv();
const db = openDatabase(env.DATABASE_PATH, { maxBytes: env.DATABASE_MAX_BYTES });
const hooks = new HookRunner(config.hooks);
const httpErrors = new ErrorTally();
const access = createAccessControl(env, httpErrors);
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
const range = new RangeEndpoint(db, { rawMs: kept.raw, minuteMs: kept.minute });
const streamHub = new StreamHub(store, {
  keepAliveIntervalMs: env.SSE_KEEPALIVE_INTERVAL_MS,
  onFanOut: (ms) => metrics?.observeCommitToPush(ms),
});
const chat = new SqliteChatStore(db, storeStatus);
const layoutStore = new SqliteLayoutStore(db, storeStatus);
const chatHub = new ChatHub(chat, { heartbeatIntervalMs: env.CHAT_HEARTBEAT_INTERVAL_MS, hooks });
metrics = createServerMetrics({ streamHub, chatHub, httpErrors, hooks, wal, retention });
setRuntime({
  env,
  metricStore: store,
  streamHub,
  chatHub,
  hooks,
  httpErrors,
  storeStatus,
  startedAt: Date.now(),
  access,
});

const exempt = env.RATE_LIMIT_EXEMPT;
const ingestLimit = new IpRateLimit({ perMinute: env.RATE_LIMIT_INGEST_PER_MIN, exempt });
const connectLimit = new IpRateLimit({ perMinute: env.RATE_LIMIT_CONNECT_PER_MIN, exempt });

const drainDeadline = new DrainDeadline();
const dev = env.NODE_ENV !== 'production';
const app = next({
  dev,
  hostname: env.HOST,
  port: env.PORT,
  // On its first request Next adds an `upgrade` listener of its own to `httpServer` (else to
  // the request's server). In production it serves nothing, but for every chat socket it runs
  // its router and keeps an AbortSignal and two listeners: about 24 KiB of garbage and 1.3 KiB
  // kept per socket (bench/memory.md). A server that never listens takes it; in development it
  // stays on ours, where it serves HMR.
  ...(dev ? {} : { httpServer: createServer() }),
});
await app.prepare();
const server = createServer(
  requestTimeoutOptions({
    headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: env.REQUEST_BODY_TIMEOUT_MS,
  }),
  createRequestRouter({
    streamTransport: env.STREAM_TRANSPORT,
    trustProxy: env.TRUST_PROXY,
    ingestTransport: env.INGEST_TRANSPORT,
    ingestToken: env.INGEST_TOKEN,
    store,
    metricsToken: env.METRICS_TOKEN,
    streamHub,
    layoutStore,
    hooks,
    metrics,
    httpErrors,
    allowedOrigins: env.ALLOWED_ORIGINS,
    dev: env.NODE_ENV !== 'production',
    ingestLimit,
    connectLimit,
    bodyTimeoutMs: env.REQUEST_BODY_TIMEOUT_MS,
    access,
    drainDeadline,
    range,
    next: app.getRequestHandler(),
  }),
);
const wss = new WebSocketServer({ noServer: true, maxPayload: CHAT_FRAME_MAX_BYTES });
server.on(
  'upgrade',
  createUpgradeRouter({
    chatPath: CHAT_PATH,
    dev: env.NODE_ENV !== 'production',
    chat: (req, socket, head) =>
      handleChatUpgrade(
        wss,
        chatHub,
        {
          allowedOrigins: env.ALLOWED_ORIGINS,
          trustProxy: env.TRUST_PROXY,
          connectLimit,
          access,
        },
        req,
        socket,
        head,
      ),
    next: app.getUpgradeHandler(),
  }),
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
    streamTransport: env.STREAM_TRANSPORT,
    ingestTransport: env.INGEST_TRANSPORT,
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
