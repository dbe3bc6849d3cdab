/**
 * The raw SSE baseline: node:http, the same wire format as Pulseboard's `/api/stream`
 * (`retry`, `event: snapshot`, then `event: samples` with `id:`), ONE SQLite query per change
 * and ONE shared Buffer written to every response. `POST /api/metrics` stores samples and
 * triggers the change. Nothing else: it is the floor Pulseboard is compared with.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { announceListening, openBaselineDb, readBaselineEnv } from './baseline-db';

/** Snapshot window, in milliseconds (Pulseboard's default `window`). */
const SNAPSHOT_WINDOW_MS = 300_000;
/** Most rows read per change. */
const FLUSH_BATCH_MAX_ROWS = 5000;
/** Largest accepted ingest body, in bytes. */
const INGEST_BODY_MAX_BYTES = 1024 * 1024;
/** Unsent bytes after which a slow stream is cut. */
const STREAM_MAX_QUEUED_BYTES = 4 * 1024 * 1024;
/** Base of the jittered `retry:`, in milliseconds. */
const RETRY_BASE_MS = 1000;
const KEEPALIVE_INTERVAL_MS = Number(process.env.SSE_KEEPALIVE_INTERVAL_MS ?? 15_000);
const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
};
const KEEPALIVE = Buffer.from(': keep-alive\n\n');

type Row = { seq: number; series: string; ts: number; value: number };
type Sample = { series: string; ts?: number; value: number };

const env = readBaselineEnv();
const db = openBaselineDb(env.databasePath);
const insert = db.prepare<[string, number, number]>(
  'INSERT INTO samples (series, ts, value) VALUES (?, ?, ?)',
);
const readAfter = db.prepare<[number, number], Row>(
  'SELECT seq, series, ts, value FROM samples WHERE seq > ? ORDER BY seq LIMIT ?',
);
const snapshotRows = db.prepare<[number, number], Row>(
  'SELECT seq, series, ts, value FROM samples WHERE ts >= ? AND seq <= ? ORDER BY seq',
);
const maxSeq = db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM samples');
const insertAll = db.transaction((samples: Sample[], now: number) => {
  for (const s of samples) insert.run(s.series, s.ts ?? now, s.value);
});

const streams = new Set<ServerResponse>();
let lastSeq = maxSeq.get()?.seq ?? 0;
let flushScheduled = false;

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/api/stream') return openStream(res);
  if (req.method === 'POST' && path === '/api/metrics') return ingest(req, res);
  if (req.method === 'GET' && path === '/api/health') {
    return sendJson(res, 200, { status: 'ok', seq: lastSeq, streams: streams.size });
  }
  sendJson(res, 404, { error: { code: 'not_found', message: 'not found' } });
});
setInterval(() => {
  for (const res of streams) res.write(KEEPALIVE);
}, KEEPALIVE_INTERVAL_MS);
server.listen(env.port, env.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.port;
  announceListening(`http://${env.host}:${port}`);
});

function openStream(res: ServerResponse): void {
  res.writeHead(200, SSE_HEADERS);
  const bySeries = new Map<string, [number, number][]>();
  for (const row of snapshotRows.all(Date.now() - SNAPSHOT_WINDOW_MS, lastSeq)) {
    const points = bySeries.get(row.series);
    if (points) points.push([row.ts, row.value]);
    else bySeries.set(row.series, [[row.ts, row.value]]);
  }
  const series = [...bySeries].map(([name, points]) => ({ name, points }));
  const retry = Math.round(RETRY_BASE_MS + Math.random() * RETRY_BASE_MS);
  res.write(
    `retry: ${retry}\n\nevent: snapshot\nid: ${lastSeq}\ndata: ${JSON.stringify({ seq: lastSeq, series })}\n\n`,
  );
  streams.add(res);
  res.on('close', () => streams.delete(res));
}

function ingest(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > INGEST_BODY_MAX_BYTES) req.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    let samples: Sample[];
    try {
      samples = (JSON.parse(Buffer.concat(chunks).toString()) as { samples: Sample[] }).samples;
      if (!Array.isArray(samples) || samples.length === 0) throw new Error('no samples');
    } catch {
      return sendJson(res, 400, { error: { code: 'invalid_json', message: 'bad body' } });
    }
    insertAll(samples, Date.now());
    sendJson(res, 200, { accepted: samples.length, seq: maxSeq.get()?.seq ?? 0 });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
}

/** One query for everything committed since the last change, one Buffer for every stream. */
function flush(): void {
  flushScheduled = false;
  for (;;) {
    const rows = readAfter.all(lastSeq, FLUSH_BATCH_MAX_ROWS);
    const last = rows.at(-1);
    if (!last) return;
    lastSeq = last.seq;
    const samples = rows.map((r) => ({ series: r.series, ts: r.ts, value: r.value }));
    const event = Buffer.from(
      `event: samples\nid: ${lastSeq}\ndata: ${JSON.stringify({ seq: lastSeq, samples })}\n\n`,
    );
    for (const res of streams) {
      if (res.writableLength > STREAM_MAX_QUEUED_BYTES) res.destroy();
      else res.write(event);
    }
    if (rows.length < FLUSH_BATCH_MAX_ROWS) return;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
