/**
 * The raw chat baseline: a `ws` relay on node:http at `/ws/chat` with Pulseboard's frame
 * shapes (welcome / message / ack). Each message is inserted into SQLite, then one shared
 * Buffer is sent to every other client and an ack to the sender. Nothing else.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { announceListening, openBaselineDb, readBaselineEnv } from './baseline-db';

/** Largest accepted frame, in bytes (Pulseboard's CHAT_FRAME_MAX_BYTES). */
const FRAME_MAX_BYTES = 16 * 1024;

const env = readBaselineEnv();
const db = openBaselineDb(env.databasePath);
const insert = db.prepare<[string, string, number, string | null], { id: number }>(
  'INSERT INTO chat_messages (name, text, ts, client_msg_id) VALUES (?, ?, ?, ?) RETURNING id',
);

const server = createServer((req, res) => {
  const status = req.url === '/api/health' ? 200 : 404;
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(status === 200 ? { status: 'ok', chatSockets: wss.clients.size } : {}));
});
const wss = new WebSocketServer({
  server,
  path: '/ws/chat',
  perMessageDeflate: false,
  maxPayload: FRAME_MAX_BYTES,
});

wss.on('connection', (ws, req) => {
  const name = new URL(req.url ?? '/', 'http://localhost').searchParams.get('name') ?? 'guest';
  ws.send(
    JSON.stringify({
      type: 'welcome',
      connectionId: randomUUID(),
      name,
      history: [],
      online: [],
      onlineCount: wss.clients.size,
    }),
  );
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    let frame: { type?: unknown; text?: unknown; clientMsgId?: unknown };
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (frame.type !== 'message' || typeof frame.text !== 'string') return;
    const text = frame.text;
    const clientMsgId = typeof frame.clientMsgId === 'string' ? frame.clientMsgId : null;
    const ts = Date.now();
    const row = insert.get(name, text, ts, clientMsgId);
    if (!row) return;
    const relay = Buffer.from(
      JSON.stringify({ type: 'message', id: row.id, name, text, ts, clientMsgId }),
    );
    for (const client of wss.clients) {
      if (client !== ws && client.readyState === WebSocket.OPEN)
        client.send(relay, { binary: false });
    }
    ws.send(JSON.stringify({ type: 'ack', clientMsgId, id: row.id, ts }));
  });
});

server.listen(env.port, env.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.port;
  announceListening(`http://${env.host}:${port}`);
});
