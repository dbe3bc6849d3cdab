import type { Db } from '@/db/client';
import { type MetricQueries, prepareMetricQueries, selectSnapshotOf } from '@/lib/metrics/queries';
import type { Point, SeriesInfo, SnapshotSeries } from '@/lib/protocol';
import type {
  AppendResult,
  MetricStore,
  SampleInput,
  SnapshotQuery,
  StoredSample,
} from './metric-store';
import { StoreStatus } from './store-status';

/**
 * How often the store asks SQLite whether another process committed (`PRAGMA data_version`),
 * in milliseconds. Rows written by a script are noticed within this interval.
 */
export const CHANGE_POLL_INTERVAL_MS = 50;

type KnownSeries = { id: number; unit: string | undefined };

/** The SQLite engine of {@link MetricStore}. */
export class SqliteMetricStore implements MetricStore {
  readonly #db: Db;
  readonly #q: MetricQueries;
  readonly #listeners = new Set<() => void>();
  readonly #seriesIds = new Map<string, KnownSeries>();
  readonly #status: StoreStatus;
  #dataVersion: number;
  #poll: NodeJS.Timeout | undefined;

  /** `status` is shared with the chat store: whether writes work (see `/api/health`). */
  constructor(db: Db, status: StoreStatus = new StoreStatus()) {
    this.#db = db;
    this.#status = status;
    this.#q = prepareMetricQueries(db);
    this.#dataVersion = this.#readDataVersion();
  }

  append(input: readonly SampleInput[]): AppendResult {
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
    const seq = this.#status.write('the samples were not stored', () => run.immediate());
    for (const [name, id] of created) this.#seriesIds.set(name, id);
    this.#emit();
    return { accepted: input.length, seq };
  }

  readAfter(afterSeq: number, limit: number): StoredSample[] {
    return this.#q.readAfter.all({ after: afterSeq, limit });
  }

  snapshot(query: SnapshotQuery): SnapshotSeries[] {
    const read = this.#db.$client.transaction(() => {
      const all = this.listSeries();
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

  lastSeq(): number {
    return this.#q.lastSeq.get()?.seq ?? 0;
  }

  firstSeq(): number | null {
    return this.#q.firstSeq.get()?.seq ?? null;
  }

  listSeries(): SeriesInfo[] {
    return this.#q.listSeries
      .all()
      .map((row) => (row.unit === null ? { name: row.name } : { name: row.name, unit: row.unit }));
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    if (!this.#poll)
      this.#poll = setInterval(() => this.#pollDataVersion(), CHANGE_POLL_INTERVAL_MS);
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#poll) {
        clearInterval(this.#poll);
        this.#poll = undefined;
      }
    };
  }

  /** Stops the change poll; the database handle is closed by its owner. */
  close(): void {
    this.#listeners.clear();
    if (this.#poll) clearInterval(this.#poll);
    this.#poll = undefined;
  }

  #seriesId(sample: SampleInput, created: Map<string, KnownSeries>, now: number): number {
    const known = created.get(sample.series) ?? this.#seriesIds.get(sample.series);
    if (known && (sample.unit === undefined || sample.unit === known.unit)) return known.id;
    const row = this.#q.upsertSeries.get(sample.series, sample.unit ?? null, now);
    if (!row) throw new Error(`series upsert returned no row for ${sample.series}`);
    created.set(sample.series, { id: row.id, unit: sample.unit ?? known?.unit });
    return row.id;
  }

  #readDataVersion(): number {
    return this.#db.$client.pragma('data_version', { simple: true }) as number;
  }

  #pollDataVersion(): void {
    const version = this.#readDataVersion();
    if (version === this.#dataVersion) return;
    this.#dataVersion = version;
    this.#emit();
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}
