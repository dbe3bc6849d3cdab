/**
 * A range worker thread (started by ./range-worker-pool.ts; bundled as `dist/range-worker.mjs`).
 * It opens the database file read-only on a connection of its own and answers one range read
 * at a time: it reads, builds the series and serialises them here, off the server's event loop,
 * and transfers the JSON bytes back. In WAL mode it reads while the server writes, and each
 * read transaction starts at the latest commit, so it sees every write acknowledged before the
 * request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { encodeRangeSeries } from '@/lib/store/range-json';
import { prepareRangeQueries, readRangeSeries } from './range-queries';
import type { RangeWorkerData, RangeWorkerReply, RangeWorkerRequest } from './range-worker-pool';

const port = parentPort;
if (!port) throw new Error('range-worker.ts runs in a worker thread only');
const { path, busyTimeoutMs } = workerData as RangeWorkerData;
const sqlite = new Database(path, { readonly: true, fileMustExist: true });
sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
const queries = prepareRangeQueries(sqlite);

port.on('message', ({ request, resolution }: RangeWorkerRequest) => {
  let reply: RangeWorkerReply;
  try {
    const { seq, series } = readRangeSeries(sqlite, queries, request, resolution);
    reply = { ok: true, seq, seriesJson: encodeRangeSeries(series) };
  } catch (error) {
    const { name, message, code } = error as { name?: string; message?: string; code?: unknown };
    reply = {
      ok: false,
      name: name ?? 'Error',
      message: message ?? String(error),
      code: typeof code === 'string' ? code : undefined,
    };
  }
  port.postMessage(reply, reply.ok ? [reply.seriesJson.buffer as ArrayBuffer] : []);
});
