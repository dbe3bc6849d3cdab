/**
 * What the rollup triggers (drizzle/0002_rollup_triggers.sql) cost on ingest: requests of 10
 * samples committed per second through SqliteMetricStore (one transaction each, synchronous =
 * FULL as the server runs), with the triggers and with them dropped, alternating rounds.
 *
 *   node --import tsx bench/rollup-triggers.ts
 *   ROLLUP_BENCH_SECONDS=5 ROLLUP_BENCH_DIR=/tmp node --import tsx bench/rollup-triggers.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@/lib/store/sqlite/open-database';
import { SqliteMetricStore } from '@/lib/store/sqlite/sqlite-metric-store';

/** How long each variant is measured per round, in seconds. */
const SECONDS = Number(process.env.ROLLUP_BENCH_SECONDS ?? 3);
/** Samples in one ingest request. */
const SAMPLES_PER_REQUEST = 10;
/** Rounds per variant: the median round is reported. */
const ROUNDS = 3;
/** Rows of the bulk variant (one transaction, as a backfill script would write). */
const BULK_ROWS = 100_000;

const dir = process.env.ROLLUP_BENCH_DIR ?? 'data';
mkdirSync(dir, { recursive: true });
const root = mkdtempSync(path.join(dir, 'rollup-bench-'));
try {
  const results = { with: [] as number[], without: [] as number[] };
  const bulk = { with: [] as number[], without: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of ['with', 'without'] as const) {
      results[variant].push(await requestsPerSecond(variant, round));
      bulk[variant].push(bulkRowsPerSecond(variant, round));
    }
  }
  console.log(`file system of ${root}, ${SECONDS} s per measure, median of ${ROUNDS}`);
  console.log(
    '| rollup triggers | ingest requests/s (10 samples, FULL) | bulk rows/s (one transaction) |',
  );
  console.log('|---|--:|--:|');
  for (const v of ['without', 'with'] as const) {
    console.log(`| ${v} | ${median(results[v]).toFixed(0)} | ${median(bulk[v]).toFixed(0)} |`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

function open(variant: 'with' | 'without', name: string) {
  const db = openDatabase(path.join(root, `${variant}-${name}.db`));
  if (variant === 'without') {
    db.$client.exec('DROP TRIGGER samples_rollup_1m; DROP TRIGGER samples_rollup_1h;');
  }
  return db;
}

async function requestsPerSecond(variant: 'with' | 'without', round: number): Promise<number> {
  const db = open(variant, `req-${round}`);
  const store = new SqliteMetricStore(db);
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  let count = 0;
  while (performance.now() < deadline) {
    const samples = [];
    for (let i = 0; i < SAMPLES_PER_REQUEST; i++) samples.push({ series: `s${i}`, value: count });
    await store.append(samples);
    count++;
  }
  const rate = count / ((performance.now() - start) / 1000);
  await store.close();
  db.$client.close();
  return rate;
}

function bulkRowsPerSecond(variant: 'with' | 'without', round: number): number {
  const db = open(variant, `bulk-${round}`);
  const sqlite = db.$client;
  const ids = Array.from({ length: 20 }, (_, i) =>
    Number(
      sqlite.prepare('INSERT INTO series (name, created_at) VALUES (?, 0)').run(`s${i}`)
        .lastInsertRowid,
    ),
  );
  const insert = sqlite.prepare('INSERT INTO samples (series_id, ts, value) VALUES (?, ?, ?)');
  const t0 = Date.now() - 7 * 86_400_000;
  const start = performance.now();
  sqlite.transaction(() => {
    for (let i = 0; i < BULK_ROWS; i++)
      insert.run(ids[i % ids.length], t0 + i * 3000, Math.random());
  })();
  const rate = BULK_ROWS / ((performance.now() - start) / 1000);
  sqlite.close();
  return rate;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
