/**
 * Pulseboard's process: composes the pieces and owns the one `upgrade` listener.
 * No business logic lives here.
 *
 * Bind first: the stores are opened (nothing is written when the schema is current) and the
 * port is bound before anything writes; a port already in use ends the process (code 1) before
 * the collector, retention or any other writer starts.
 */
import { createServer } from 'node:http';
import next from 'next';
import { createAlerts } from './lib/alerts/alerts-setup';
import { createAccessControl } from './lib/auth/access-control';
import { authRoutes } from './lib/auth/auth-routes';
import { boardRoutes } from './lib/boards/board-routes';
import { boardRoomExists } from './lib/chat/board-rooms';
import { chatHistoryRoutes } from './lib/chat/chat-history-route';
import { ChatHub } from './lib/chat/chat-hub';
import { chatSocketServer } from './lib/chat/chat-socket-server';
import { NameHolds } from './lib/chat/name-holds';
import { Collector, collectorLabelsOf } from './lib/collector/collector';
import { parseEnv } from './lib/env';
import { ErrorTally } from './lib/errors';
import { installGracefulShutdown } from './lib/graceful-shutdown';
import { HookRunner } from './lib/hooks/hook-runner';
import { ConnectionLimit } from './lib/http/connection-limit';
import { DrainDeadline } from './lib/http/drain-deadline';
import { HostPolicy } from './lib/http/host-policy';
import { IpRateLimit } from './lib/http/ip-rate-limit';
import { listenOrExit } from './lib/http/listen-or-exit';
import { ProxyTrust } from './lib/http/proxy-trust';
import { ReadyGate } from './lib/http/ready-gate';
import { createRequestRouter } from './lib/http/request-router';
import { requestTimeoutOptions } from './lib/http/request-timeouts';
import { createUpgradeRouter } from './lib/http/upgrade-router';
import { instanceIdOf } from './lib/instance-id';
import { seedDefaultBoard } from './lib/layout/default-board-seed';
import { relayClusterLayouts } from './lib/layout/layout-cluster-relay';
import { layoutHistoryRoutes } from './lib/layout/layout-history-routes';
import { layoutRoutes } from './lib/layout/layout-route';
import { errorFields, log, logger } from './lib/logger';
import { ingestRoutes } from './lib/metrics/ingest-route';
import { sampleTimeWindowOf } from './lib/metrics/ingest-schema';
import { IngestTally } from './lib/metrics/ingest-tally';
import { otlpRoutes } from './lib/metrics/otlp-route';
import { rangeReadLimit, rangeRoutes } from './lib/metrics/range-route';
import { seriesRoutes } from './lib/metrics/series-route';
import { writeRoutes } from './lib/metrics/write-route';
import { installGcOnSignal } from './lib/observability/gc-on-signal';
import { healthRoutes } from './lib/observability/health-route';
import { metricsRoutes } from './lib/observability/metrics-route';
import { createServerMetrics, type ServerMetrics } from './lib/observability/server-metrics';
import { setRuntime } from './lib/runtime';
import { scrapeTargetsOf } from './lib/scrape/scrape-config';
import { ScrapeTally } from './lib/scrape/scrape-tally';
import { Scrapers } from './lib/scrape/scrapers';
import { openStores, storeEngineOf } from './lib/store/open-stores';
import { retentionSpansMs } from './lib/store/retention-sweeper';
import { StreamHub } from './lib/stream/stream-hub';
import { streamRoutes } from './lib/stream/stream-route';
import config from './pulseboard.config';

const env = parseEnv();
// Every log line names the instance; with PORT=0 (and no INSTANCE_ID) from when the port is
// bound, since the id holds the port (pino's bindings are added to, never replaced).
let instanceId = instanceIdOf(env, env.PORT);
const idKnownAtBoot = env.INSTANCE_ID !== undefined || env.PORT !== 0;
if (idKnownAtBoot) logger.setBindings({ instance: instanceId });
const engine = storeEngineOf(env);
const stores = await openStores(env);
// Alerts post in the chat through a narrow port (lib/alerts/alert-chat.ts): the hub's system
// author; annotations go to the streams. Both hubs are made below; a post or an annotation
// comes only once the engine, the routes or the cluster hints run, after listen.
const alerts = createAlerts({
  env,
  stores,
  chat: { post: (room, text) => chatHub.postSystem(room, text).then(() => undefined) },
  streams: { broadcast: (name, payload) => streamHub.broadcast(name, payload) },
});
const hooks = new HookRunner([...(config.hooks ?? []), alerts.commands]);
const httpErrors = new ErrorTally();
const access = createAccessControl(env, stores.sessions);
let metrics: ServerMetrics | undefined;
const kept = retentionSpansMs(stores.tasks.retention.options);
const streamHub = new StreamHub(stores.metrics, {
  keepAliveIntervalMs: env.SSE_KEEPALIVE_INTERVAL_MS,
  onFanOut: (ms) => metrics?.observeCommitToPush(ms),
  onRows: (rows) => void alerts.engine.onSamples(rows),
});
const chatHub = new ChatHub(stores.chat, {
  heartbeatIntervalMs: env.CHAT_HEARTBEAT_INTERVAL_MS,
  hooks,
  cluster: stores.cluster,
});
const rangeReads = rangeReadLimit({
  max: env.RANGE_CONCURRENCY_MAX,
  queueMax: env.RANGE_QUEUE_MAX,
});
const ingestTally = new IngestTally();
const scrapeTally = new ScrapeTally();
const scrapers = new Scrapers(scrapeTargetsOf(env, config.scrape), {
  store: stores.metrics,
  ingest: ingestTally,
  scrapes: scrapeTally,
});
metrics = createServerMetrics({
  streamHub,
  chatHub,
  httpErrors,
  hooks,
  wal: stores.tasks.wal,
  changes: stores.tasks.changes,
  retention: stores.tasks.retention,
  rangeReads,
  ingest: ingestTally,
  scrapes: scrapeTally,
  instance: { id: () => instanceId, engine },
  alerts: alerts.metrics,
});
setRuntime({ access });
await streamHub.start();
// Layouts saved on other instances sharing the database (PostgreSQL) reach these streams too.
relayClusterLayouts({ cluster: stores.cluster, store: stores.layout, hub: streamHub });
// Reads only (the revocations), so before the port is bound: no revoked cookie is ever let in.
await access?.sessions.start();

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
// Next is prepared after the port is bound; a request or upgrade for it waits until then.
const nextReady = new ReadyGate();
const nextRequests = app.getRequestHandler();
// Chat rooms: `general` and one per board (the socket route and the history route ask alike).
const roomExists = boardRoomExists(stores.boards);
// JSON ingest, the line-protocol writes and OTLP share one rate-limit bucket and one tally.
const ingest = {
  store: stores.metrics,
  timeWindow: sampleTimeWindowOf(env),
  ingestToken: env.INGEST_TOKEN,
  rateLimit: perMinute(env.RATE_LIMIT_INGEST_PER_MIN),
  tally: ingestTally,
};
const routes = [
  ...healthRoutes({
    streamHub,
    chatHub,
    storeStatus: stores.status,
    startedAt: Date.now(),
    instance: () => instanceId,
    engine,
  }),
  ...streamRoutes({ hub: streamHub, hooks, rateLimit: connectLimit, connections }),
  ...ingestRoutes(ingest),
  ...writeRoutes(ingest),
  ...otlpRoutes(ingest),
  ...rangeRoutes({
    source: stores.metrics,
    kept: { rawMs: kept.raw, minuteMs: kept.minute },
    rateLimit: perMinute(env.RATE_LIMIT_RANGE_PER_MIN),
    reads: rangeReads,
  }),
  ...seriesRoutes({
    store: stores.metrics,
    hub: streamHub,
    rateLimit: perMinute(env.RATE_LIMIT_SERIES_PER_MIN),
  }),
  ...layoutRoutes({ store: stores.layout, hub: streamHub }),
  ...boardRoutes({
    boards: stores.boards,
    layout: stores.layout,
    hub: streamHub,
    onRemoved: (slug) => chatHub.closeRoom(slug),
  }),
  ...layoutHistoryRoutes({
    history: stores.layoutHistory,
    layout: stores.layout,
    boards: stores.boards,
    hub: streamHub,
  }),
  ...alerts.routes,
  ...chatHistoryRoutes({
    store: stores.chat,
    rateLimit: perMinute(env.RATE_LIMIT_RANGE_PER_MIN),
    roomExists,
  }),
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
    fallback: (req, res) => nextReady.after(() => nextRequests(req, res)),
    body: { timeoutMs: env.REQUEST_BODY_TIMEOUT_MS, drainDeadline },
    errors: httpErrors,
  }),
);
const chat = chatSocketServer({
  hub: chatHub,
  rateLimit: connectLimit,
  connections,
  holds: new NameHolds(env.CHAT_NAME_HOLD_MS, stores.cluster),
  roomExists,
});
server.on(
  'upgrade',
  createUpgradeRouter({
    ...policy,
    routes: [chat.route],
    next: (req, socket, head) => nextReady.after(() => app.getUpgradeHandler()(req, socket, head)),
  }),
);

await listenOrExit(server, { host: env.HOST, port: env.PORT }, () => stores.close());
if (!idKnownAtBoot) {
  const bound = server.address();
  instanceId = instanceIdOf(env, typeof bound === 'object' && bound ? bound.port : env.PORT);
  logger.setBindings({ instance: instanceId });
}
await app.prepare();
nextReady.open();

const collector = new Collector(
  stores.metrics,
  {
    sseStreams: () => streamHub.size,
    chatSockets: () => chatHub.connectionCount,
    chatMessagesPerMinute: () => chatHub.messagesInLastMinute(),
  },
  env.SAMPLE_INTERVAL_MS,
  collectorLabelsOf(engine, instanceId),
);
// Only now, with the port ours, does anything write.
stores.tasks.start();
await alerts.engine.start();
if (env.COLLECTOR_ENABLED) {
  // A new install's default board shows the collector's series (docs/ui.md).
  // A store that cannot take the write (full, read-only) is said once; the server still starts.
  await seedDefaultBoard(stores.layout, collector.seriesKeys()).catch((error: unknown) =>
    log.warn('the default board was not seeded', errorFields(error)),
  );
  collector.start();
}
scrapers.start();
installGcOnSignal();
installGracefulShutdown(server, {
  timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  beforeDrain: [
    { name: 'collector', run: () => collector.stop() },
    { name: 'scrapers', run: () => scrapers.stop() },
    { name: 'alerts', run: () => alerts.stop() },
    { name: 'streams', run: () => streamHub.closeAll() },
    { name: 'chat', run: () => chatHub.closeAll() },
  ],
  atDeadline: [{ name: 'unread ingest bodies', run: () => drainDeadline.pass() }],
  afterDrain: [
    { name: 'websockets', run: () => chat.terminateAll() },
    { name: 'sessions', run: () => access?.sessions.stop() },
    { name: 'stores', run: () => stores.close() },
  ],
});
// Last: once this line is out, a test or a supervisor may signal us at once.
const address = server.address();
log.info('listening', {
  url: `http://${env.HOST}:${typeof address === 'object' && address ? address.port : env.PORT}`,
  mode: env.NODE_ENV,
  hooks: hooks.size,
  scrapeTargets: scrapers.size,
  accessControl: access ? access.config.mode : 'off',
  engine,
});
