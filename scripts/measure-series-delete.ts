/**
 * What deleting a big series costs (issue 10, B2): fills a temp SQLite file with one series of
 * N samples (default 1,000,000; rollups by the triggers) beside a small one, then deletes it
 * with `SqliteMetricStore.deleteSeries` (batches of SERIES_DELETE_BATCH_ROWS) and prints the
 * total time, the batches, the longest time the event loop was held (the longest batch), and
 * how late a 10 ms timer fired meanwhile. With `--one-statement` it deletes the series row in
 * one transaction instead (the FK cascade takes everything at once), for comparison.
 *
 *   node --import tsx scripts/measure-series-delete.ts [samples] [--one-statement]
 *
 * Prints numbers only; it asserts nothing (they depend on the machine).
 */
import fs from 'node:fs';
import os from 'node:os';
import { SERIES_DELETE_BATCH_ROWS } from '@/lib/store/sqlite/series-delete';
import { SqliteMetricStore } from '@/lib/store/sqlite/sqlite-metric-store';
import { openTempDatabase } from '@/lib/testing/temp-database';

const SAMPLES = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const ONE_STATEMENT = process.argv.includes('--one-statement');
/** Rows per fill transaction. */
const FILL_BATCH = 50_000;
/** The timer whose lateness shows how long the event loop was held, in milliseconds. */
const TICK_MS = 10;

const temp = openTempDatabase();
const store = new SqliteMetricStore(temp.db);
const sqlite = temp.db.$client;
try {
  const fillStarted = performance.now();
  await store.append([{ series: 'small', value: 1 }]);
  const { id } = sqlite
    .prepare("INSERT INTO series (name, created_at) VALUES ('big', 0) RETURNING id")
    .get() as { id: number };
  const insert = sqlite.prepare('INSERT INTO samples (series_id, ts, value) VALUES (?, ?, ?)');
  const fill = sqlite.transaction((from: number, to: number) => {
    // One sample a second, ending now: 1,000,000 samples is 11.6 days of minute rollups.
    for (let i = from; i < to; i++) insert.run(id, Date.now() - (SAMPLES - i) * 1000, i);
  });
  for (let from = 0; from < SAMPLES; from += FILL_BATCH) {
    fill.immediate(from, Math.min(SAMPLES, from + FILL_BATCH));
  }
  const rollups = sqlite
    .prepare(
      'SELECT (SELECT count(*) FROM samples_1m WHERE series_id = ?) + (SELECT count(*) FROM samples_1h WHERE series_id = ?) AS n',
    )
    .get(id, id) as { n: number };
  const fileMiB = fs.statSync(temp.file).size / 1048576;
  console.log(
    `filled ${SAMPLES} samples and ${rollups.n} rollup rows in ${ms(performance.now() - fillStarted)} (file ${fileMiB.toFixed(0)} MiB, WAL ${walMiB(temp.file)} MiB)`,
  );

  let ticks = 0;
  let worstLateMs = 0;
  let expected = performance.now() + TICK_MS;
  const timer = setInterval(() => {
    const now = performance.now();
    worstLateMs = Math.max(worstLateMs, now - expected);
    expected = now + TICK_MS;
    ticks++;
  }, TICK_MS);
  const started = performance.now();
  let result: unknown;
  if (ONE_STATEMENT) {
    result = sqlite.prepare('DELETE FROM series WHERE id = ?').run(id).changes;
  } else {
    result = await store.deleteSeries('big');
  }
  const totalMs = performance.now() - started;
  // Let the timer fire once more after the last batch.
  await new Promise((resolve) => setTimeout(resolve, TICK_MS * 3));
  clearInterval(timer);
  const left = sqlite.prepare('SELECT count(*) AS n FROM samples').get() as { n: number };
  console.log(
    `${ONE_STATEMENT ? 'one statement (FK cascade)' : `batches of ${SERIES_DELETE_BATCH_ROWS}`}: ` +
      `${ms(totalMs)} in all, answer ${JSON.stringify(result)}, samples left ${left.n}; ` +
      `a ${TICK_MS} ms timer fired ${ticks} times, at worst ${ms(worstLateMs)} late ` +
      `(the longest hold of the event loop); WAL ${walMiB(temp.file)} MiB; ` +
      `${os.cpus().length} cores, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
} finally {
  await store.close();
  temp.dispose();
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

function walMiB(file: string): string {
  try {
    return (fs.statSync(`${file}-wal`).size / 1048576).toFixed(0);
  } catch {
    return '0';
  }
}
