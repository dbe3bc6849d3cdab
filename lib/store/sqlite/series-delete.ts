import type Database from 'better-sqlite3';
import type { SeriesDeletion } from '@/lib/store/metric-store';
import type { SeriesQueries } from './series-queries';

/**
 * Rows one delete transaction of a series removes (samples, then each rollup table). The event
 * loop and the write lock are free between two batches, so a series with millions of samples
 * never stalls streams, ingest or the chat for long: 1,000,000 samples went in 2.4-2.6 s, the
 * event loop held at most 29-50 ms at a time, where one statement held it 1.4 s and grew the
 * WAL to 51 MiB (2 cores, load 6-9; scripts/measure-series-delete.ts, docs/limits.md).
 */
export const SERIES_DELETE_BATCH_ROWS = 5000;

/** Runs one write transaction (the caller maps storage failures: StoreStatus.write). */
export type WriteStep = <T>(run: () => T) => Promise<T>;

/**
 * Deletes series `id` in batches of `batchRows`: its samples, then its minute and hour rollups,
 * each batch an IMMEDIATE transaction followed by a turn of the event loop; then, in one last
 * transaction, what was pushed to it meanwhile, the series row (the cascade takes the rest) and
 * the deletion record at the highest seq assigned. Undefined when the series row is already gone
 * (deleted by another handle meanwhile).
 */
export async function deleteSeriesInBatches(
  sqlite: Database.Database,
  q: SeriesQueries,
  write: WriteStep,
  target: { id: number; name: string },
  batchRows = SERIES_DELETE_BATCH_ROWS,
): Promise<SeriesDeletion | undefined> {
  const { id, name } = target;
  let samples = 0;
  const steps = [
    (limit: number) => q.deleteSamples.run({ id, limit }).changes,
    (limit: number) => q.deleteMinuteRollups.run({ id, limit }).changes,
    (limit: number) => q.deleteHourRollups.run({ id, limit }).changes,
  ];
  for (const [index, step] of steps.entries()) {
    for (;;) {
      const deleted = await write(() => sqlite.transaction(step).immediate(batchRows));
      if (index === 0) samples += deleted;
      if (deleted < batchRows) break;
      await nextTurn();
    }
  }
  const finish = sqlite.transaction((): SeriesDeletion | undefined => {
    const late = q.remainingSamples.get({ id })?.n ?? 0;
    if (q.deleteSeries.run({ id }).changes === 0) return undefined;
    const seq = q.lastSeq.get()?.seq ?? 0;
    q.recordDeletion.run({ name, seq, at: Date.now() });
    return { samples: samples + late, seq };
  });
  return write(() => finish.immediate());
}

/** Lets every other callback waiting on the event loop run before the next batch. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
