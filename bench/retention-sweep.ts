/**
 * How long the retention sweeper blocks the event loop: fills a database with RETENTION_BENCH_ROWS
 * (default 1,000,000) expired raw samples and 200,000 expired minute rollups, then sweeps with the
 * default options (2000 rows per DELETE, 50 ms of work per sweep) until nothing is left, and
 * prints the longest single batch, the event-loop delay seen meanwhile, and the totals.
 *
 *   node --import tsx bench/retention-sweep.ts
 *   RETENTION_BENCH_BATCH=500 RETENTION_BENCH_AUTOCHECKPOINT=0 node --import tsx bench/retention-sweep.ts
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RetentionSweeper } from '@/lib/store/retention-sweeper';
import { openDatabase } from '@/lib/store/sqlite/open-database';
import { SqliteRetentionStore } from '@/lib/store/sqlite/sqlite-retention-store';

const ROWS = Number(process.env.RETENTION_BENCH_ROWS ?? 1_000_000);
const ROLLUP_ROWS = 200_000;
const SERIES = 20;
/** Rows per DELETE (RETENTION_BATCH_ROWS); default 2000. */
const BATCH_ROWS = Number(process.env.RETENTION_BENCH_BATCH ?? 2000);
const DAY = 86_400_000;

const dir = process.env.RETENTION_BENCH_DIR ?? 'data';
mkdirSync(dir, { recursive: true });
const root = mkdtempSync(path.join(dir, 'retention-bench-'));
try {
  const db = openDatabase(path.join(root, 'db.sqlite'));
  const sqlite = db.$client;
  // Filled without the rollup triggers (faster); the sweep deletes raw rows and rollups alike.
  sqlite.exec('DROP TRIGGER samples_rollup_1m; DROP TRIGGER samples_rollup_1h;');
  const old = Date.now() - 40 * DAY;
  sqlite.transaction(() => {
    const addSeries = sqlite.prepare('INSERT INTO series (name, created_at) VALUES (?, 0)');
    for (let s = 1; s <= SERIES; s++) addSeries.run(`bench.s${s}`);
    const addSample = sqlite.prepare('INSERT INTO samples (series_id, ts, value) VALUES (?, ?, ?)');
    for (let i = 0; i < ROWS; i++) addSample.run((i % SERIES) + 1, old + i, i);
    const addMinute = sqlite.prepare(
      'INSERT INTO samples_1m (series_id, bucket_ts, min, max, sum, count) VALUES (?, ?, 1, 1, 1, 1)',
    );
    for (let i = 0; i < ROLLUP_ROWS; i++)
      addMinute.run((i % SERIES) + 1, old + Math.floor(i / SERIES) * 60_000);
  })();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  // RETENTION_BENCH_AUTOCHECKPOINT=0: no checkpoint inside a batch's commit, to tell its cost apart.
  if (process.env.RETENTION_BENCH_AUTOCHECKPOINT === '0') sqlite.pragma('wal_autocheckpoint = 0');

  const sweeper = new RetentionSweeper(new SqliteRetentionStore(sqlite), {
    rawHours: 48,
    minuteDays: 30,
    hourDays: 365,
    intervalMs: 60_000,
    batchRows: BATCH_ROWS,
    maxMsPerSweep: 50,
  });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const started = performance.now();
  let sweeps = 0;
  let lastSweepMaxMs = 0;
  for (;;) {
    const deleted = await sweeper.sweep();
    sweeps++;
    lastSweepMaxMs = Math.max(lastSweepMaxMs, sweeper.stats.lastSweepMs);
    if (deleted.raw + deleted.minute + deleted.hour === 0) break;
  }
  loop.disable();
  const s = sweeper.stats;
  console.log(
    `${ROWS} expired raw rows + ${ROLLUP_ROWS} expired minute rollups, batches of ${BATCH_ROWS}`,
  );
  console.log(`deleted raw=${s.deleted.raw} minute=${s.deleted.minute} hour=${s.deleted.hour}`);
  console.log(
    `longest batch: ${s.longestBatchMs.toFixed(1)} ms; mean ${(s.totalBatchMs / s.batches).toFixed(1)} ms over ${s.batches} batches`,
  );
  console.log(`longest sweep (work time, budget 50 ms): ${lastSweepMaxMs.toFixed(1)} ms`);
  console.log(
    `event-loop delay meanwhile: max ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms`,
  );
  console.log(
    `${sweeps} sweeps back to back, ${((performance.now() - started) / 1000).toFixed(1)} s in all`,
  );
  sqlite.close();
} finally {
  rmSync(root, { recursive: true, force: true });
}
