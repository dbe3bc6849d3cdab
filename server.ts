/**
 * Pulseboard's process: composes the pieces and owns the one `upgrade` listener.
 * No business logic lives here.
 */
import { createServer } from 'node:http';
import next from 'next';
import { WebSocketServer } from 'ws';
import { openDatabase } from './db/client';
import { ChatHub } from './lib/chat/chat-hub';
import { CHAT_PATH, handleChatUpgrade } from './lib/chat/chat-upgrade';
import { Collector } from './lib/collector/collector';
import { parseEnv } from './lib/env';
import { installGracefulShutdown } from './lib/graceful-shutdown';
import { HookRunner } from './lib/hooks/hook-runner';
import { createRequestRouter } from './lib/http/request-router';
import { createUpgradeRouter } from './lib/http/upgrade-router';
import { log } from './lib/logger';
import { ErrorTally } from './lib/observability/error-tally';
import { installGcOnSignal } from './lib/observability/gc-on-signal';
import { createServerMetrics, type ServerMetrics } from './lib/observability/server-metrics';
import { CHAT_FRAME_MAX_BYTES } from './lib/protocol';
import { setRuntime } from './lib/runtime';
import { SqliteChatStore } from './lib/store/sqlite-chat-store';
import { SqliteMetricStore } from './lib/store/sqlite-metric-store';
import { StreamHub } from './lib/stream/stream-hub';
import config from './pulseboard.config';

const env = parseEnv();
const db = openDatabase(env.DATABASE_PATH);
const hooks = new HookRunner(config.hooks);
const httpErrors = new ErrorTally();
let metrics: ServerMetrics | undefined;
const store = new SqliteMetricStore(db);
const streamHub = new StreamHub(store, {
  keepAliveIntervalMs: env.SSE_KEEPALIVE_INTERVAL_MS,
  onFanOut: (ms) => metrics?.observeCommitToPush(ms),
});
const chat = new SqliteChatStore(db);
const chatHub = new ChatHub(chat, { heartbeatIntervalMs: env.CHAT_HEARTBEAT_INTERVAL_MS, hooks });
metrics = createServerMetrics({ streamHub, chatHub, httpErrors, hooks });
setRuntime({
  env,
  metricStore: store,
  streamHub,
  chatHub,
  hooks,
  httpErrors,
  startedAt: Date.now(),
});

const app = next({ dev: env.NODE_ENV !== 'production', hostname: env.HOST, port: env.PORT });
await app.prepare();
const server = createServer(
  createRequestRouter({
    streamTransport: env.STREAM_TRANSPORT,
    trustProxy: env.TRUST_PROXY,
    ingestTransport: env.INGEST_TRANSPORT,
    ingestToken: env.INGEST_TOKEN,
    store,
    metricsToken: env.METRICS_TOKEN,
    streamHub,
    hooks,
    metrics,
    httpErrors,
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
        { allowedOrigins: env.ALLOWED_ORIGINS, trustProxy: env.TRUST_PROXY },
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
  });
});

installGcOnSignal();
installGracefulShutdown(server, {
  beforeDrain: [
    { name: 'collector', run: () => collector.stop() },
    { name: 'streams', run: () => streamHub.closeAll() },
    { name: 'chat', run: () => chatHub.closeAll() },
  ],
  afterDrain: [
    { name: 'websockets', run: () => terminateAll(wss) },
    { name: 'store', run: () => store.close() },
    { name: 'database', run: () => db.$client.close() },
  ],
});

function terminateAll(wss: WebSocketServer): void {
  for (const client of wss.clients) client.terminate();
  wss.close();
}
