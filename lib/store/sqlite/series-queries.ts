import type Database from 'better-sqlite3';
import { ROLLUP_TABLES } from './rollup-tables';

type SeriesRow = { id: number; name: string; unit: string | null };
type ListedRow = SeriesRow & { metric: string; labels: string };
/** `:pattern`: LIKE on the key (see likePattern); `:match`: a metric name prefix, or null. */
type SearchParams = { pattern: string; match: string | null };
type RecentRow = SeriesRow & { lastTs: number | null };
type PointsQuery = { id: number; sinceTs: number; upTo: number; limit: number };

/**
 * Prepared statements about series as a whole: the cap, search, the bounded snapshot's choice
 * of series and points, and deletes. Built once per database handle.
 */
export function prepareSeriesQueries(sqlite: Database.Database) {
  const deleteRollups = (table: string) =>
    sqlite.prepare<{ id: number; limit: number }>(
      `DELETE FROM ${table} WHERE rowid IN
         (SELECT rowid FROM ${table} WHERE series_id = :id LIMIT :limit)`,
    );
  return {
    byName: sqlite.prepare<[string], SeriesRow>('SELECT id, name, unit FROM series WHERE name = ?'),
    count: sqlite.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM series'),
    searchCount: sqlite.prepare<SearchParams, { n: number }>(
      `SELECT COUNT(*) AS n FROM series WHERE ${SEARCH_WHERE}`,
    ),
    search: sqlite.prepare<SearchParams & { limit: number }, ListedRow>(
      `SELECT id, name, metric, labels, unit FROM series WHERE ${SEARCH_WHERE}
       ORDER BY name LIMIT :limit`,
    ),
    /** The `limit` series with the newest samples (series_last_ts index), none-yet last. */
    mostRecent: sqlite.prepare<{ limit: number }, RecentRow>(
      `SELECT id, name, unit, last_ts AS lastTs FROM series
       ORDER BY last_ts DESC, id DESC LIMIT :limit`,
    ),
    /** `:names` is a JSON array of series names. */
    named: sqlite.prepare<{ names: string }, RecentRow>(
      `SELECT id, name, unit, last_ts AS lastTs FROM series
       WHERE name IN (SELECT value FROM json_each(:names))`,
    ),
    /** Points of a series in the window, exact at `:upTo`, counted up to `:limit`. */
    countPoints: sqlite.prepare<PointsQuery, { n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM samples
         WHERE series_id = :id AND ts >= :sinceTs AND seq <= :upTo LIMIT :limit)`,
    ),
    /** The newest `:limit` points of a series in the window, newest first. */
    newestPoints: sqlite
      .prepare<PointsQuery, [number, number]>(
        `SELECT ts, value FROM samples WHERE series_id = :id AND ts >= :sinceTs AND seq <= :upTo
         ORDER BY ts DESC, seq DESC LIMIT :limit`,
      )
      .raw(true),
    deleteSamples: sqlite.prepare<{ id: number; limit: number }>(
      `DELETE FROM samples WHERE seq IN
         (SELECT seq FROM samples WHERE series_id = :id LIMIT :limit)`,
    ),
    deleteMinuteRollups: deleteRollups(ROLLUP_TABLES['1m']),
    deleteHourRollups: deleteRollups(ROLLUP_TABLES['1h']),
    /** Deletes the series row: what is left of its samples and rollups goes by cascade. */
    deleteSeries: sqlite.prepare<{ id: number }>('DELETE FROM series WHERE id = :id'),
    remainingSamples: sqlite.prepare<{ id: number }, { n: number }>(
      'SELECT COUNT(*) AS n FROM samples WHERE series_id = :id',
    ),
    recordDeletion: sqlite.prepare<{ name: string; seq: number; at: number }>(
      'INSERT INTO series_deletions (name, seq, deleted_at) VALUES (:name, :seq, :at)',
    ),
    lastSeq: sqlite.prepare<[], { seq: number }>(
      "SELECT seq FROM sqlite_sequence WHERE name = 'samples'",
    ),
    lastDeletionSeq: sqlite.prepare<[], { seq: number | null }>(
      'SELECT MAX(seq) AS seq FROM series_deletions',
    ),
    deletionsAfter: sqlite.prepare<{ after: number }, { id: number; name: string; seq: number }>(
      'SELECT id, name, seq FROM series_deletions WHERE id > :after ORDER BY id',
    ),
    lastDeletionId: sqlite.prepare<[], { id: number | null }>(
      'SELECT MAX(id) AS id FROM series_deletions',
    ),
  };
}

export type SeriesQueries = ReturnType<typeof prepareSeriesQueries>;

/**
 * The series of a search: the key holds `:pattern`, and the metric name starts with `:match`
 * when one is given. Metric names are ASCII below `~` (SERIES_NAME_PATTERN), so the names
 * starting with `m` are exactly those in [`m`, `m~`): a range the series_metric index serves.
 */
const SEARCH_WHERE = `name LIKE :pattern ESCAPE '\\'
  AND (:match IS NULL OR (metric >= :match AND metric < :match || '~'))`;

/** The LIKE pattern of "name contains `query`", with `\`, `%` and `_` taken literally. */
export function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
