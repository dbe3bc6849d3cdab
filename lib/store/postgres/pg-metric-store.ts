import type { RangeResolution, SeriesInfo } from '@/lib/protocol';
import { epochOrThrow } from '@/lib/store/database-epoch';
import type {
  AppendResult,
  MetricStore,
  MetricStoreOptions,
  RangeRead,
  RangeRequest,
  SampleInput,
  SeriesDeletion,
  SeriesDeletionRecord,
  SeriesSearch,
  SnapshotQuery,
  SnapshotRead,
  StoredSample,
} from '@/lib/store/metric-store';
import { labelsFromJson, seriesListingOf } from '@/lib/store/series-columns';
import type { StoreStatus } from '@/lib/store/store-status';
import type { PgConnection } from './pg-connection';
import { isForeignKeyFailure } from './pg-errors';
import { appendSamples, type KnownSeries } from './pg-metric-writes';
import { readPgRange } from './pg-range-read';
import { deletePgSeriesInBatches, PG_SERIES_DELETE_BATCH_ROWS } from './pg-series-delete';
import { readPgSnapshot } from './pg-snapshot-read';

/** The PostgreSQL engine's options: the engine-neutral ones and the size of delete batches. */
export type PgMetricStoreOptions = MetricStoreOptions & {
  /** Rows per delete transaction (PG_SERIES_DELETE_BATCH_ROWS). */
  deleteBatchRows?: number;
};

const STORED_SAMPLE = `SELECT s.seq, se.name AS series, s.ts, s.value, se.unit
  FROM samples s JOIN series se ON se.id = s.series_id`;
/** Names sort byte-wise, as on SQLite, whatever the database's collation. */
const BY_NAME = 'ORDER BY name COLLATE "C"';
/** ASCII-only lower case (the contract: ASCII case-insensitive), as SQLite's LIKE. */
const ASCII_LOWER = (column: string) =>
  `translate(${column}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;

/**
 * The PostgreSQL engine of {@link MetricStore}. Appends run one at a time across every
 * instance (./pg-metric-writes.ts), so `seq` follows commit order; reads that must be of one
 * moment (replay, snapshot, range, search) run in one REPEATABLE READ transaction.
 */
export class PgMetricStore implements MetricStore {
  readonly #db: PgConnection;
  readonly #status: StoreStatus;
  readonly #seriesMax: number | undefined;
  readonly #deleteBatchRows: number;
  readonly #listeners = new Set<() => void>();
  /** Series this handle has seen (a series deleted elsewhere is found out: SQLSTATE 23503). */
  readonly #known = new Map<string, KnownSeries>();
  /** Deletes under way, by series name: a second one for the same name waits, then is a 404. */
  readonly #deleting = new Map<string, Promise<unknown>>();

  constructor(db: PgConnection, status: StoreStatus, options: PgMetricStoreOptions = {}) {
    this.#db = db;
    this.#status = status;
    this.#seriesMax = options.seriesMax;
    this.#deleteBatchRows = options.deleteBatchRows ?? PG_SERIES_DELETE_BATCH_ROWS;
  }

  async append(input: readonly SampleInput[]): Promise<AppendResult> {
    let seq: number;
    try {
      seq = await this.#appendOnce(input);
    } catch (error) {
      if (!isForeignKeyFailure(error)) throw error;
      this.#known.clear();
      seq = await this.#appendOnce(input);
    }
    this.emit();
    return { accepted: input.length, seq };
  }

  async readAfter(afterSeq: number, limit: number): Promise<StoredSample[]> {
    const { rows } = await this.#db.query<StoredSample>(
      `${STORED_SAMPLE} WHERE s.seq > $1 ORDER BY s.seq LIMIT $2`,
      [afterSeq, limit],
    );
    return rows;
  }

  snapshot(query: SnapshotQuery): Promise<SnapshotRead> {
    return readPgSnapshot(this.#db, query);
  }

  async replay(afterSeq: number, upToSeq: number, maxRows: number) {
    if (afterSeq > upToSeq) return undefined;
    // One snapshot: another instance's retention or delete cannot fall between floor and rows.
    const rows = await this.#db.transaction('snapshot', async (tx) => {
      const floors = await tx.query<{ floor: number; deletedAt: number | null }>(
        `SELECT COALESCE((SELECT seq FROM retention_floor WHERE id = 1), 0) AS floor,
                (SELECT MAX(seq) FROM series_deletions) AS "deletedAt"`,
      );
      const { floor = 0, deletedAt = null } = floors.rows[0] ?? {};
      if (floor > afterSeq) return undefined;
      if (deletedAt !== null && deletedAt >= afterSeq) return undefined;
      const read = await tx.query<StoredSample>(
        `${STORED_SAMPLE} WHERE s.seq > $1 AND s.seq <= $2 ORDER BY s.seq LIMIT $3`,
        [afterSeq, upToSeq, maxRows + 1],
      );
      return read.rows;
    });
    return rows && rows.length <= maxRows ? rows : undefined;
  }

  async lastSeq(): Promise<number> {
    const { rows } = await this.#db.query<{ seq: number }>(
      'SELECT seq FROM samples_seq WHERE id = 1',
    );
    return rows[0]?.seq ?? 0;
  }

  async epoch(): Promise<string> {
    const { rows } = await this.#db.query<{ epoch: string }>(
      'SELECT epoch FROM database_epoch WHERE id = 1',
    );
    return epochOrThrow(rows[0]?.epoch);
  }

  async firstSeq(): Promise<number | null> {
    const { rows } = await this.#db.query<{ seq: number | null }>(
      'SELECT MIN(seq) AS seq FROM samples',
    );
    return rows[0]?.seq ?? null;
  }

  async listSeries(): Promise<SeriesInfo[]> {
    const { rows } = await this.#db.query<SeriesRow>(`SELECT name, unit FROM series ${BY_NAME}`);
    return rows.map(infoOf);
  }

  async countSeries(): Promise<number> {
    const { rows } = await this.#db.query<{ n: number }>('SELECT COUNT(*) AS n FROM series');
    return rows[0]?.n ?? 0;
  }

  searchSeries(query: string, limit: number, match?: string): Promise<SeriesSearch> {
    // `q` anywhere in the key (ASCII case folding, as SQLite's LIKE); `match` a metric name
    // prefix, compared byte for byte (starts_with: no collation decides what a prefix is).
    const where = `${ASCII_LOWER('name')} LIKE ${ASCII_LOWER('$1')} ESCAPE '\\'
      AND ($2::text IS NULL OR starts_with(metric, $2))`;
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const params = [pattern, match || null];
    return this.#db.transaction('snapshot', async (tx) => {
      const found = await tx.query<ListedRow>(
        `SELECT name, metric, labels, unit FROM series WHERE ${where} ${BY_NAME} LIMIT $3`,
        [...params, limit],
      );
      const total = await tx.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM series WHERE ${where}`,
        params,
      );
      return {
        series: found.rows.map((row) =>
          seriesListingOf({ ...row, labels: labelsFromJson(row.labels) }),
        ),
        total: total.rows[0]?.n ?? 0,
      };
    });
  }

  async deleteSeries(name: string): Promise<SeriesDeletion | undefined> {
    const running = this.#deleting.get(name);
    if (running) {
      await running.catch(() => {});
      return undefined;
    }
    const deletion = this.#deleteOnce(name).finally(() => {
      this.#deleting.delete(name);
      this.#known.delete(name);
    });
    this.#deleting.set(name, deletion);
    return deletion;
  }

  async deletionsAfter(afterId: number): Promise<SeriesDeletionRecord[]> {
    const { rows } = await this.#db.query<SeriesDeletionRecord>(
      'SELECT id, name, seq FROM series_deletions WHERE id > $1 ORDER BY id',
      [afterId],
    );
    return rows;
  }

  async lastDeletionId(): Promise<number> {
    const { rows } = await this.#db.query<{ id: number | null }>(
      'SELECT MAX(id) AS id FROM series_deletions',
    );
    return rows[0]?.id ?? 0;
  }

  readRange(request: RangeRequest, resolution: RangeResolution): Promise<RangeRead> {
    return readPgRange(this.#db, request, resolution);
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }

  /** Tells every subscriber (after a commit of this handle, or one the change poll noticed). */
  emit(): void {
    for (const listener of this.#listeners) listener();
  }

  async #appendOnce(input: readonly SampleInput[]): Promise<number> {
    const learned = new Map<string, KnownSeries>();
    const now = Date.now();
    const seq = await this.#status.write('the samples were not stored', () =>
      this.#db.transaction('write', (tx) =>
        appendSamples(tx, input, this.#known, learned, this.#seriesMax, now),
      ),
    );
    for (const [name, series] of learned) this.#known.set(name, series);
    return seq;
  }

  async #deleteOnce(name: string): Promise<SeriesDeletion | undefined> {
    const { rows } = await this.#db.query<{ id: number }>('SELECT id FROM series WHERE name = $1', [
      name,
    ]);
    const row = rows[0];
    if (!row) return undefined;
    const write = <T>(run: () => Promise<T>) =>
      this.#status.write('the series was not (completely) deleted', run);
    const done = await deletePgSeriesInBatches(
      this.#db,
      write,
      { id: row.id, name },
      this.#deleteBatchRows,
    );
    if (done) this.emit();
    return done;
  }
}

type SeriesRow = { name: string; unit: string | null };
type ListedRow = SeriesRow & { metric: string; labels: string };

function infoOf(row: SeriesRow): SeriesInfo {
  return row.unit === null ? { name: row.name } : { name: row.name, unit: row.unit };
}
