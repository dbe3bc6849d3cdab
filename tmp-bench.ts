import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { prepareRangeQueries, readRangeSeries } from '@/lib/store/sqlite/range-queries';
const { from, to } = JSON.parse(readFileSync('/tmp/sqlite-perf/bench/range.json', 'utf8'));
const db = new Database('/tmp/sqlite-perf/bench/db.sqlite', { readonly: true });
const q = prepareRangeQueries(db);
const rawQ = db.prepare(`SELECT series_id AS seriesId, ts, value FROM samples WHERE ts >= :from AND ts <= :to AND (:ids IS NULL OR series_id IN (SELECT value FROM json_each(:ids))) ORDER BY ts DESC LIMIT :limit`);
for (let i = 0; i < 4; i++) {
  let t = performance.now();
  const r = readRangeSeries(db, q, { from, to }, 'raw');
  const tRead = performance.now() - t; t = performance.now();
  const json = JSON.stringify(r.series);
  const tJson = performance.now() - t; t = performance.now();
  const bytes = new TextEncoder().encode(json);
  const tEnc = performance.now() - t; t = performance.now();
  const rows = rawQ.raw(true).all({ from, to, ids: null, limit: 200000 });
  const tRaw = performance.now() - t; t = performance.now();
  const rows2 = rawQ.raw(false).all({ from, to, ids: null, limit: 200000 });
  const tObj = performance.now() - t;
  console.log({ tRead: Math.round(tRead), tJson: Math.round(tJson), tEnc: Math.round(tEnc), tRaw: Math.round(tRaw), tObj: Math.round(tObj), bytes: bytes.length, n: rows.length + rows2.length });
}
