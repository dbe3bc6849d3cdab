import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { retentionFloor, samples, series } from '@/db/schema';
import type { Db } from './open-database';

/** Prepared statements of the metric store, built once per database handle. */
export function prepareMetricQueries(db: Db) {
  const after = sql.placeholder('after');
  const limit = sql.placeholder('limit');
  const storedSample = {
    seq: samples.seq,
    series: series.name,
    ts: samples.ts,
    value: samples.value,
    unit: series.unit,
  };
  return {
    readAfter: db
      .select(storedSample)
      .from(samples)
      .innerJoin(series, eq(series.id, samples.seriesId))
      .where(gt(samples.seq, after))
      .orderBy(samples.seq)
      .limit(limit)
      .prepare(),
    readBetween: db
      .select(storedSample)
      .from(samples)
      .innerJoin(series, eq(series.id, samples.seriesId))
      .where(and(gt(samples.seq, after), lte(samples.seq, sql.placeholder('upTo'))))
      .orderBy(samples.seq)
      .limit(limit)
      .prepare(),
    listSeries: db
      .select({ id: series.id, name: series.name, unit: series.unit })
      .from(series)
      .orderBy(series.name)
      .prepare(),
    retentionFloor: db
      .select({ seq: retentionFloor.seq })
      .from(retentionFloor)
      .where(eq(retentionFloor.id, 1))
      .prepare(),
    lastSeq: db.$client.prepare<[], { seq: number }>(
      "SELECT seq FROM sqlite_sequence WHERE name = 'samples'",
    ),
    epoch: db.$client.prepare<[], { epoch: string }>(
      'SELECT epoch FROM database_epoch WHERE id = 1',
    ),
    firstSeq: db.$client.prepare<[], { seq: number | null }>('SELECT MIN(seq) AS seq FROM samples'),
    insertSample: db.$client.prepare<[number, number, number]>(
      'INSERT INTO samples (series_id, ts, value) VALUES (?, ?, ?)',
    ),
    /** name (the key), metric, labels (canonical JSON), unit, created_at. */
    upsertSeries: db.$client.prepare<
      [string, string, string, string | null, number],
      { id: number }
    >(
      `INSERT INTO series (name, metric, labels, unit, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET unit = COALESCE(excluded.unit, series.unit)
       RETURNING id`,
    ),
  };
}

export type MetricQueries = ReturnType<typeof prepareMetricQueries>;
