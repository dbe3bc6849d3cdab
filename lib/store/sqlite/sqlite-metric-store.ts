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
import { encodeRangeSeries } from '@/lib/store/range-json';
import { seriesLimitError } from '@/lib/store/series-cap';
import { labelsFromJson, seriesColumnsOf, seriesListingOf } from '@/lib/store/series-columns';
import { StoreStatus } from '@/lib/store/store-status';
import { ChangePoll } from './change-poll';
import { type MetricQueries, prepareMetricQueries } from './metric-queries';
import type { Db } from './open-database';
import { prepareRangeQueries, type RangeQueries, readRangeSeries } from './range-queries';
import { RangeWorkerPool } from './range-worker-pool';
import { deleteSeriesInBatches, SERIES_DELETE_BATCH_ROWS } from './series-delete';
import { likePattern, prepareSeriesQueries, type SeriesQueries } from './series-queries';
import { readBoundedSnapshot } from './snapshot-read';
import { isForeignKeyFailure, sqliteFailureOf } from './sqlite-errors';

type KnownSeries = { id: number; unit: string | undefined };

/** The SQLite engine's options: the engine-neutral ones, and the size of its delete batches. */
export type SqliteMetricStoreOptions = MetricStoreOptions & {
  /** Rows per delete transaction (SERIES_DELETE_BATCH_ROWS). */
  deleteBatchRows?: number;
  /** Worker threads reading ranges at most (RANGE_CONCURRENCY_MAX); 1 when absent. */
  rangeWorkers?: number;
};

/**
 * The SQLite engine of {@link MetricStore}. better-sqlite3 is synchronous: each method does its
 * work (a whole transaction) when called and returns a settled promise, so the async surface
 * costs a microtask, not a thread hop. Two exceptions: `deleteSeries` works in batches, each a
 * transaction of its own, with a turn of the event loop between them; `readRange` runs in a
 * worker thread with a read-only connection of its own.
 */
export class SqliteMetricStore implements MetricStore {
  readonly #db: Db;
  readonly #q: MetricQueries;
  readonly #series: SeriesQueries;
  readonly #range: RangeQueries;
  readonly #rangeWorkers: RangeWorkerPool | undefined;
  readonly #listeners = new Set<() => void>();
  /** Ids of series this handle has written to (a series deleted elsewhere is found out). */
  readonly #seriesIds = new Map<string, KnownSeries>();
  /** Deletes under way, by series name: a second one for the same name waits, then is a 404. */
  readonly #deleting = new Map<string, Promise<unknown>>();
  readonly #status: StoreStatus;
  readonly #seriesMax: number | undefined;
  readonly #deleteBatchRows: number;
  /** Notices commits of other processes (a background task: see open-sqlite-stores.ts). */
  readonly changePoll: ChangePoll;

  /**
   * `status` is shared with the other stores of the file: whether writes work (`/api/health`).
   * `options.rangeWorkers`: worker threads for `readRange` at most (RANGE_CONCURRENCY_MAX, default 1).
   */
  constructor(
    db: Db,
    status: StoreStatus = new StoreStatus(sqliteFailureOf),
    options: SqliteMetricStoreOptions = {},
  ) {
    this.#db = db;
    this.#status = status;
    this.#seriesMax = options.seriesMax;
    this.#deleteBatchRows = options.deleteBatchRows ?? SERIES_DELETE_BATCH_ROWS;
    this.#q = prepareMetricQueries(db);
    this.#series = prepareSeriesQueries(db.$client);
    this.#range = prepareRangeQueries(db.$client);
    // A worker cannot open an in-memory (or nameless temporary) database: read those in-thread.
    const shareable = !db.$client.memory && db.$client.name !== '';
    this.#rangeWorkers = shareable
      ? new RangeWorkerPool({ path: db.$client.name, size: options.rangeWorkers ?? 1 })
      : undefined;
    this.changePoll = new ChangePoll(db.$client, () => this.#emit());
  }

  async append(input: readonly SampleInput[]): Promise<AppendResult> {
    let seq: number;
    try {
      seq = await this.#appendOnce(input);
    } catch (error) {
      // A series this handle knew was deleted through another handle: learn again, once.
      if (!isForeignKeyFailure(error)) throw error;
      this.#seriesIds.clear();
      seq = await this.#appendOnce(input);
    }
    this.#emit();
    return { accepted: input.length, seq };
  }

  async readAfter(afterSeq: number, limit: number): Promise<StoredSample[]> {
    return this.#q.readAfter.all({ after: afterSeq, limit });
  }

  async snapshot(query: SnapshotQuery): Promise<SnapshotRead> {
    return readBoundedSnapshot(this.#db.$client, this.#series, query);
  }

  async replay(
    afterSeq: number,
    upToSeq: number,
    maxRows: number,
  ): Promise<StoredSample[] | undefined> {
    if (afterSeq > upToSeq) return undefined;
    // One read transaction: the floors and the rows are of the same moment.
    const read = this.#db.$client.transaction(() => {
      const floor = this.#q.retentionFloor.get()?.seq ?? 0;
      if (floor > afterSeq) return undefined;
      const deletedAt = this.#series.lastDeletionSeq.get()?.seq ?? null;
      if (deletedAt !== null && deletedAt >= afterSeq) return undefined;
      return this.#q.readBetween.all({ after: afterSeq, upTo: upToSeq, limit: maxRows + 1 });
    });
    const rows = read.deferred();
    return rows && rows.length <= maxRows ? rows : undefined;
  }

  async lastSeq(): Promise<number> {
    return this.#q.lastSeq.get()?.seq ?? 0;
  }

  async epoch(): Promise<string> {
    return epochOrThrow(this.#q.epoch.get()?.epoch);
  }

  async firstSeq(): Promise<number | null> {
    return this.#q.firstSeq.get()?.seq ?? null;
  }

  async listSeries(): Promise<SeriesInfo[]> {
    return this.#q.listSeries.all().map(infoOf);
  }

  async countSeries(): Promise<number> {
    return this.#series.count.get()?.n ?? 0;
  }

  async searchSeries(query: string, limit: number, match?: string): Promise<SeriesSearch> {
    const where = { pattern: likePattern(query), match: match || null };
    const read = this.#db.$client.transaction(() => ({
      series: this.#series.search
        .all({ ...where, limit })
        .map((row) => seriesListingOf({ ...row, labels: labelsFromJson(row.labels) })),
      total: this.#series.searchCount.get(where)?.n ?? 0,
    }));
    return read.deferred();
  }

  async deleteSeries(name: string): Promise<SeriesDeletion | undefined> {
    const running = this.#deleting.get(name);
    if (running) {
      await running.catch(() => {});
      return undefined;
    }
    const row = this.#series.byName.get(name);
    if (!row) return undefined;
    const write = <T>(run: () => T) =>
      this.#status.write('the series was not (completely) deleted', async () => run());
    const client = this.#db.$client;
    const deletion = deleteSeriesInBatches(client, this.#series, write, row, this.#deleteBatchRows)
      .then((done) => {
        if (done) this.#emit();
        return done;
      })
      .finally(() => {
        this.#deleting.delete(name);
        this.#seriesIds.delete(name);
      });
    this.#deleting.set(name, deletion);
    return deletion;
  }

  async deletionsAfter(afterId: number): Promise<SeriesDeletionRecord[]> {
    return this.#series.deletionsAfter.all({ after: afterId });
  }

  async lastDeletionId(): Promise<number> {
    return this.#series.lastDeletionId.get()?.id ?? 0;
  }

  /**
   * Read and serialised in a worker thread with a read-only connection of its own (./range-worker.ts),
   * off the event loop; on the event loop only for an in-memory database (tests).
   */
  async readRange(request: RangeRequest, resolution: RangeResolution): Promise<RangeRead> {
    if (this.#rangeWorkers) return this.#rangeWorkers.read(request, resolution);
    const { seq, series } = readRangeSeries(this.#db.$client, this.#range, request, resolution);
    return { seq, seriesJson: encodeRangeSeries(series) };
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * Stops notifying and the change poll, and ends the range workers; the database handle is
   * closed by its owner.
   */
  async close(): Promise<void> {
    this.#listeners.clear();
    this.changePoll.stop();
    await this.#rangeWorkers?.close();
  }

  /** One IMMEDIATE transaction: the series cap, then every sample; the last row's seq. */
  async #appendOnce(input: readonly SampleInput[]): Promise<number> {
    const created = new Map<string, KnownSeries>();
    const now = Date.now();
    const run = this.#db.$client.transaction(() => {
      this.#checkSeriesCap(input, created);
      let last = 0;
      for (const sample of input) {
        const seriesId = this.#seriesId(sample, created, now);
        last = Number(
          this.#q.insertSample.run(seriesId, sample.ts ?? now, sample.value).lastInsertRowid,
        );
      }
      return last;
    });
    // The last row's own seq, not MAX(seq): another process may commit right after us.
    const seq = await this.#status.write('the samples were not stored', async () =>
      run.immediate(),
    );
    for (const [name, id] of created) this.#seriesIds.set(name, id);
    return seq;
  }

  /**
   * Inside the write transaction (so two appends at the cap cannot both pass, whichever
   * process they come from): refuses the batch when the series it would create take the count
   * past SERIES_MAX. Existing series it finds are remembered in `created`.
   */
  #checkSeriesCap(input: readonly SampleInput[], created: Map<string, KnownSeries>): void {
    const max = this.#seriesMax;
    if (max === undefined) return;
    const fresh = new Set<string>();
    for (const { series } of input) {
      if (this.#seriesIds.has(series) || created.has(series) || fresh.has(series)) continue;
      const row = this.#series.byName.get(series);
      if (row) created.set(series, { id: row.id, unit: row.unit ?? undefined });
      else fresh.add(series);
    }
    if (fresh.size === 0) return;
    const existing = this.#series.count.get()?.n ?? 0;
    if (existing + fresh.size > max) throw seriesLimitError(existing, max, fresh.size);
  }

  #seriesId(sample: SampleInput, created: Map<string, KnownSeries>, now: number): number {
    const known = created.get(sample.series) ?? this.#seriesIds.get(sample.series);
    if (known && (sample.unit === undefined || sample.unit === known.unit)) return known.id;
    const { metric, labelsJson } = seriesColumnsOf(sample.series);
    const row = this.#q.upsertSeries.get(
      sample.series,
      metric,
      labelsJson,
      sample.unit ?? null,
      now,
    );
    if (!row) throw new Error(`series upsert returned no row for ${sample.series}`);
    created.set(sample.series, { id: row.id, unit: sample.unit ?? known?.unit });
    return row.id;
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}

function infoOf(row: { name: string; unit: string | null }): SeriesInfo {
  return row.unit === null ? { name: row.name } : { name: row.name, unit: row.unit };
}
