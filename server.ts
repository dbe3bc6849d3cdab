/**
 * Pulseboard's process: composes the pieces and owns the one `upgrade` listener.
 * No business logic lives here.
 *
 * Bind first: the stores are opened (nothing is written when the schema is current) and the
 * port is bound before anything writes; a port already in use ends the process (code 1) before
 * the collector, retention or any other writer starts.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import next from 'next';
import { WebSocketServer } from 'ws';
import { createAccessControl } from './lib/auth/access-control';
import { ChatHub } from './lib/chat/chat-hub';
import { CHAT_PATH, handleChatUpgrade } from './lib/chat/chat-upgrade';
import { Collector } from './lib/collector/collector';
import { type Env, parseEnv } from './lib/env';
import { installGracefulShutdown } from './lib/graceful-shutdown';
import { HookRunner } from './lib/hooks/hook-runner';
import { DrainDeadline } from './lib/http/drain-deadline';
import { IpRateLimit } from './lib/http/ip-rate-limit';
import { createRequestRouter } from './lib/http/request-router';
import { requestTimeoutOptions } from './lib/http/request-timeouts';
import { createUpgradeRouter } from './lib/http/upgrade-router';
import { errorFields, flushLogs, log } from './lib/logger';
import { RangeEndpoint } from './lib/metrics/range-endpoint';
import { ErrorTally } from './lib/observability/error-tally';
import { installGcOnSignal } from './lib/observability/gc-on-signal';
import { createServerMetrics, type ServerMetrics } from './lib/observability/server-metrics';
import { CHAT_FRAME_MAX_BYTES } from './lib/protocol';
import { setRuntime } from './lib/runtime';
import { openStores } from './lib/store/open-stores';
import { retentionSpansMs } from './lib/store/retention-sweeper';
import type { Stores } from './lib/store/stores';
import { StreamHub } from './lib/stream/stream-hub';
import config from './pulseboard.config';

const env = parseEnv();
const stores = await openStores(env);
const hooks = new HookRunner(config.hooks);
const httpErrors = new ErrorTally();
const access = createAccessControl(env, httpErrors);
let metrics: ServerMetrics | undefined;
const kept = retentionSpansMs(stores.tasks.retention.options);
const range = new RangeEndpoint(stores.metrics, { rawMs: kept.raw, minuteMs: kept.minute });
const streamHub = new StreamHub(stores.metrics, {
  keepAliveIntervalMs: env.SSE_KEEPALIVE_INTERVAL_MS,
  onFanOut: (ms) => metrics?.observeCommitToPush(ms),
});
const chatHub = new ChatHub(stores.chat, {
  heartbeatIntervalMs: env.CHAT_HEARTBEAT_INTERVAL_MS,
  hooks,
});
metrics = createServerMetrics({
  streamHub,
  chatHub,
  httpErrors,
  hooks,
  wal: stores.tasks.wal,
  retention: stores.tasks.retention,
});
setRuntime({
  env,
  metricStore: stores.metrics,
  streamHub,
  chatHub,
  hooks,
  httpErrors,
  storeStatus: stores.status,
  startedAt: Date.now(),
  access,
});
await streamHub.start();

const exempt = env.RATE_LIMIT_EXEMPT;
const ingestLimit = new IpRateLimit({ perMinute: env.RATE_LIMIT_INGEST_PER_MIN, exempt });
const connectLimit = new IpRateLimit({ perMinute: env.RATE_LIMIT_CONNECT_PER_MIN, exempt });

const drainDeadline = new DrainDeadline();
const app = next({ dev: env.NODE_ENV !== 'production', hostname: env.HOST, port: env.PORT });
// Next is prepared after the port is bound; a request or upgrade for it waits until then.
const nextReady = deferred();
const nextRequests = app.getRequestHandler();
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
    store: stores.metrics,
    metricsToken: env.METRICS_TOKEN,
    streamHub,
    layoutStore: stores.layout,
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
    next: (req, res) => nextReady.after(() => nextRequests(req, res)),
  }),
);
// The chat hub answers pings itself, after the frames read before them (see ChatHub).
const wss = new WebSocketServer({
  noServer: true,
  maxPayload: CHAT_FRAME_MAX_BYTES,
  autoPong: false,
});
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
    next: (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      nextReady.after(() => app.getUpgradeHandler()(req, socket, head)),
  }),
);

await listenOrExit(server, env, stores);
await app.prepare();
nextReady.resolve();

const collector = new Collector(
  stores.metrics,
  {
    sseStreams: () => streamHub.size,
    chatSockets: () => chatHub.connectionCount,
    chatMessagesPerMinute: () => chatHub.messagesInLastMinute(),
  },
  env.SAMPLE_INTERVAL_MS,
);
// Only now, with the port ours, does anything write.
stores.tasks.start();
if (env.COLLECTOR_ENABLED) collector.start();
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
    { name: 'stores', run: () => stores.close() },
  ],
});
// Last: once this line is out, a test or a supervisor may signal us at once.
const address = server.address();
log.info('listening', {
  url: `http://${env.HOST}:${typeof address === 'object' && address ? address.port : env.PORT}`,
  mode: env.NODE_ENV,
  hooks: hooks.size,
  streamTransport: env.STREAM_TRANSPORT,
  ingestTransport: env.INGEST_TRANSPORT,
  accessControl: access ? access.config.mode : 'off',
});

/**
 * Binds the port. When it cannot (EADDRINUSE, EACCES, ...), logs why, closes the stores and
 * ends the process with code 1: nothing has been written.
 */
function listenOrExit(server: Server, env: Env, stores: Stores): Promise<void> {
  return new Promise((resolve) => {
    const fail = async (error: NodeJS.ErrnoException) => {
      log.error('cannot listen', {
        host: env.HOST,
        port: env.PORT,
        code: error.code,
        ...errorFields(error),
      });
      try {
        await stores.close();
      } finally {
        flushLogs();
        process.exit(1);
      }
    };
    server.once('error', fail);
    server.listen(env.PORT, env.HOST, () => {
      server.off('error', fail);
      resolve();
    });
  });
}

/** A gate: `after(fn)` runs `fn` at once once resolved, else when it is. */
function deferred() {
  let open = false;
  let resolve = () => {};
  const opened = new Promise<void>((r) => {
    resolve = r;
  });
  return {
    resolve() {
      open = true;
      resolve();
    },
    after<T>(fn: () => T): T | Promise<T> {
      return open ? fn() : opened.then(fn);
    },
  };
}

function terminateAll(wss: WebSocketServer): void {
  for (const client of wss.clients) client.terminate();
  wss.close();
}
