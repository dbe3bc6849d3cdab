import type { Point, RangeResolution, SeriesInfo, SnapshotSeries } from '@/lib/protocol';
import type {
  AppendResult,
  MetricStore,
  RangeRead,
  RangeRequest,
  SampleInput,
  SnapshotQuery,
  StoredSample,
} from '@/lib/store/metric-store';
import { encodeRangeSeries } from '@/lib/store/range-json';
import { StoreStatus } from '@/lib/store/store-status';
import { ChangePoll } from './change-poll';
import { type MetricQueries, prepareMetricQueries, selectSnapshotOf } from './metric-queries';
import type { Db } from './open-database';
import { prepareRangeQueries, type RangeQueries, readRangeSeries } from './range-queries';
import { RangeWorkerPool } from './range-worker-pool';
import { sqliteFailureOf } from './sqlite-errors';

type KnownSeries = { id: number; unit: string | undefined };

/**
 * The SQLite engine of {@link MetricStore}. better-sqlite3 is synchronous: each method does its
 * work (a whole transaction) when called and returns a settled promise, so the async surface
 * costs a microtask, not a thread hop.
 */
export class SqliteMetricStore implements MetricStore {
  readonly #db: Db;
  readonly #q: MetricQueries;
  readonly #range: RangeQueries;
  readonly #rangeWorkers: RangeWorkerPool | undefined;
  readonly #listeners = new Set<() => void>();
  readonly #seriesIds = new Map<string, KnownSeries>();
  readonly #status: StoreStatus;
  /** Notices commits of other processes (a background task: see open-sqlite-stores.ts). */
  readonly changePoll: ChangePoll;

  /**
   * `status` is shared with the other stores of the file: whether writes work (`/api/health`).
   * `rangeWorkers`: worker threads for `readRange` at most (RANGE_CONCURRENCY_MAX, default 1).
   */
  constructor(
    db: Db,
    status: StoreStatus = new StoreStatus(sqliteFailureOf),
    { rangeWorkers = 1 }: { rangeWorkers?: number } = {},
  ) {
    this.#db = db;
    this.#status = status;
    this.#q = prepareMetricQueries(db);
    this.#range = prepareRangeQueries(db.$client);
    // A worker cannot open an in-memory (or nameless temporary) database: read those in-thread.
    const shareable = !db.$client.memory && db.$client.name !== '';
    this.#rangeWorkers = shareable
      ? new RangeWorkerPool({ path: db.$client.name, size: rangeWorkers })
      : undefined;
    this.changePoll = new ChangePoll(db.$client, () => this.#emit());
  }

  async append(input: readonly SampleInput[]): Promise<AppendResult> {
    const created = new Map<string, KnownSeries>();
    const now = Date.now();
    const run = this.#db.$client.transaction(() => {
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
    this.#emit();
    return { accepted: input.length, seq };
  }

  async readAfter(afterSeq: number, limit: number): Promise<StoredSample[]> {
    return this.#q.readAfter.all({ after: afterSeq, limit });
  }

  async snapshot(query: SnapshotQuery): Promise<SnapshotSeries[]> {
    const read = this.#db.$client.transaction(() => {
      const all = this.#listSeries();
      const wanted = query.series ? new Set(query.series) : undefined;
      const rows = wanted
        ? selectSnapshotOf(this.#db, [...wanted], query.sinceTs, query.upToSeq)
        : this.#q.snapshotAll.all({ sinceTs: query.sinceTs, upTo: query.upToSeq });
      return { all, wanted, rows };
    });
    const { all, wanted, rows } = read.deferred();
    const bySeries = new Map<string, SnapshotSeries>();
    for (const info of all) {
      if (!wanted || wanted.has(info.name)) bySeries.set(info.name, { ...info, points: [] });
    }
    // Rows come newest first (so a capped snapshot keeps the newest points).
    for (let i = rows.length - 1; i >= 0; i--) {
      const row = rows[i] as (typeof rows)[number];
      bySeries.get(row.series)?.points.push([row.ts, row.value] satisfies Point);
    }
    for (const s of bySeries.values()) s.points.sort((a, b) => a[0] - b[0]);
    return [...bySeries.values()];
  }

  async replay(
    afterSeq: number,
    upToSeq: number,
    maxRows: number,
  ): Promise<StoredSample[] | undefined> {
    if (afterSeq > upToSeq) return undefined;
    // One read transaction: the floor and the rows are of the same moment.
    const read = this.#db.$client.transaction(() => {
      const floor = this.#q.retentionFloor.get()?.seq ?? 0;
      if (floor > afterSeq) return undefined;
      return this.#q.readBetween.all({ after: afterSeq, upTo: upToSeq, limit: maxRows + 1 });
    });
    const rows = read.deferred();
    return rows && rows.length <= maxRows ? rows : undefined;
  }

  async lastSeq(): Promise<number> {
    return this.#q.lastSeq.get()?.seq ?? 0;
  }

  async firstSeq(): Promise<number | null> {
    return this.#q.firstSeq.get()?.seq ?? null;
  }

  async listSeries(): Promise<SeriesInfo[]> {
    return this.#listSeries();
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

  #listSeries(): SeriesInfo[] {
    return this.#q.listSeries
      .all()
      .map((row) => (row.unit === null ? { name: row.name } : { name: row.name, unit: row.unit }));
  }

  #seriesId(sample: SampleInput, created: Map<string, KnownSeries>, now: number): number {
    const known = created.get(sample.series) ?? this.#seriesIds.get(sample.series);
    if (known && (sample.unit === undefined || sample.unit === known.unit)) return known.id;
    const row = this.#q.upsertSeries.get(sample.series, sample.unit ?? null, now);
    if (!row) throw new Error(`series upsert returned no row for ${sample.series}`);
    created.set(sample.series, { id: row.id, unit: sample.unit ?? known?.unit });
    return row.id;
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}
