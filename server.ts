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
import { createUpgradeRouter } from './lib/http/upgrade-router';
import { log } from './lib/logger';
import { CHAT_FRAME_MAX_BYTES } from './lib/protocol';
import { setRuntime } from './lib/runtime';
import { SqliteChatStore } from './lib/store/sqlite-chat-store';
import { SqliteMetricStore } from './lib/store/sqlite-metric-store';
import { isStreamRequest, serveNodeStream } from './lib/stream/node-stream';
import { StreamHub } from './lib/stream/stream-hub';

const env = parseEnv();
const db = openDatabase(env.DATABASE_PATH);
const metrics = new SqliteMetricStore(db);
const streamHub = new StreamHub(metrics, { keepAliveIntervalMs: env.SSE_KEEPALIVE_INTERVAL_MS });
const chat = new SqliteChatStore(db);
const chatHub = new ChatHub(chat, { heartbeatIntervalMs: env.CHAT_HEARTBEAT_INTERVAL_MS });
setRuntime({
  env,
  metrics,
  chat,
  streamHub,
  chatHub,
  startedAt: Date.now(),
});

const app = next({ dev: env.NODE_ENV !== 'production', hostname: env.HOST, port: env.PORT });
await app.prepare();
const handle = app.getRequestHandler();
const server = createServer((req, res) => {
  if (env.STREAM_TRANSPORT === 'node' && isStreamRequest(req)) serveNodeStream(req, res, streamHub);
  else void handle(req, res);
});
const wss = new WebSocketServer({ noServer: true, maxPayload: CHAT_FRAME_MAX_BYTES });
server.on(
  'upgrade',
  createUpgradeRouter({
    chatPath: CHAT_PATH,
    chat: (req, socket, head) =>
      handleChatUpgrade(wss, chatHub, { allowedOrigins: env.ALLOWED_ORIGINS }, req, socket, head),
    next: app.getUpgradeHandler(),
  }),
);

const collector = new Collector(
  metrics,
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
  log.info('listening', { url: `http://${env.HOST}:${port}`, mode: env.NODE_ENV });
});

installGracefulShutdown(server, {
  beforeDrain: [
    { name: 'collector', run: () => collector.stop() },
    { name: 'streams', run: () => streamHub.closeAll() },
    { name: 'chat', run: () => chatHub.closeAll() },
  ],
  afterDrain: [
    { name: 'websockets', run: () => terminateAll(wss) },
    { name: 'store', run: () => metrics.close() },
    { name: 'database', run: () => db.$client.close() },
  ],
});

function terminateAll(wss: WebSocketServer): void {
  for (const client of wss.clients) client.terminate();
  wss.close();
}
