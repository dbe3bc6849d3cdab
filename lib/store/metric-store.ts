import type {
  RangeAnswer,
  RangeResolution,
  SeriesInfo,
  SeriesListing,
  SnapshotSeries,
} from '@/lib/protocol';

/**
 * A sample as written by the collector or the ingest API. `series` is the series key, canonical
 * and valid (lib/protocol/series-key.ts: the callers check it); the engine keeps the metric name
 * and labels of a series it creates beside the key.
 */
export type SampleInput = { series: string; value: number; ts?: number; unit?: string };

/**
 * A stored sample with its sequence number, and its series' unit (read with the row, so the
 * fan-out can describe a series it has not seen without asking the store again).
 */
export type StoredSample = {
  seq: number;
  series: string;
  ts: number;
  value: number;
  /** The series' unit, null when it has none. */
  unit: string | null;
};

export type AppendResult = { accepted: number; seq: number };

export type SnapshotQuery = {
  /** Oldest timestamp to include, in ms since the epoch. */
  sinceTs: number;
  /** Newest sequence number to include: the snapshot is exact at this cursor. */
  upToSeq: number;
  /** Only these series; all when absent. */
  series?: readonly string[];
  /**
   * Most series listed. Past it the series with the most recent samples (newest sample time)
   * are listed and the others counted in `omittedSeries`.
   */
  maxSeries: number;
  /** Most points of one series (its newest); a series cut so is `truncated`. */
  maxPointsPerSeries: number;
  /**
   * Most points in all. Past it every series keeps its newest points up to one common level,
   * the highest that fits (a series with fewer points keeps them all); a cut one is `truncated`.
   */
  maxPoints: number;
};

/** A bounded snapshot: the series listed (by name) and how many series it left out. */
export type SnapshotRead = { series: SnapshotSeries[]; omittedSeries: number };

/** `GET /api/series`: the series found, by key, and how many match in all. */
export type SeriesSearch = { series: SeriesListing[]; total: number };

/** What deleting a series removed: its samples (rows), and the seq it was deleted at. */
export type SeriesDeletion = {
  /** Raw samples deleted (rollups and the series row go too). */
  samples: number;
  /**
   * The highest sample seq assigned when the deletion committed: every row of the series has a
   * smaller or equal seq, and a stream resuming from a cursor at or below it gets a snapshot.
   */
  seq: number;
};

/** A recorded series deletion: its order (`id`), the series, and the seq it happened at. */
export type SeriesDeletionRecord = { id: number; name: string; seq: number };

/** Options every engine takes when it is opened. */
export type MetricStoreOptions = {
  /**
   * Most distinct series (SERIES_MAX): an append that would create a series past it is refused
   * whole with `series_limit`. No cap when absent.
   */
  seriesMax?: number | undefined;
};

/** What `GET /api/range` asks for: a closed time window, in ms since the epoch. */
export type RangeRequest = { from: number; to: number; series?: readonly string[] };

/**
 * Most rows one range read returns (raw samples or rollup buckets, all series together); past
 * it the newest are kept, so a read is always bounded.
 */
export const RANGE_MAX_ROWS = 200_000;

/**
 * What a range read gives: the `seq` of a `GET /api/range` answer (the read is exact at it) and
 * the answer's `series` array already serialised (`encodeRangeSeries` in ./range-json.ts), which
 * the route writes as it is: an engine builds it where it likes (SQLite: in a worker thread), so
 * that 200,000 rows are never turned into objects and JSON on the server's event loop.
 */
export type RangeRead = {
  seq: RangeAnswer['seq'];
  /** `RangeAnswer['series']` as UTF-8 JSON. */
  seriesJson: Uint8Array;
};

/**
 * The metric store: an append-only log of samples ordered by `seq`, with minute and hour
 * rollups. The stream hub, the routes and the collector depend on this interface alone; the
 * engines live in `lib/store/<engine>/` and pass `tests/store-contract/`.
 *
 * Ordering contract: `seq` grows with commit order, so once `readAfter` has returned a row,
 * no row with a smaller `seq` can appear later. Every method is async except `subscribe`.
 */
export interface MetricStore {
  /**
   * Appends samples in one transaction, all or nothing; resolves after the commit. When the
   * batch names series that do not exist and they would take the number of series past
   * `seriesMax`, nothing is stored and it rejects with AppError `series_limit`; the count and
   * the check are inside the write transaction, so two appends racing at the cap cannot both
   * pass.
   */
  append(samples: readonly SampleInput[]): Promise<AppendResult>;
  /** Samples with `seq > afterSeq`, oldest first, at most `limit`. */
  readAfter(afterSeq: number, limit: number): Promise<StoredSample[]>;
  /**
   * The series (filtered) with their points since `sinceTs`, exact at `upToSeq` (rows with a
   * larger seq are left out even when already committed), read in one consistent read, and
   * bounded by the query's limits: the series listed are sorted by name; a series whose points
   * were cut is `truncated`; `omittedSeries` counts the matching series not listed.
   */
  snapshot(query: SnapshotQuery): Promise<SnapshotRead>;
  /**
   * Exactly the samples with `afterSeq < seq <= upToSeq`, oldest first, in one consistent read;
   * undefined when some of them were deleted by retention, when a series was deleted at a seq
   * at or after `afterSeq` (the client may hold it and have missed `series-deleted`), or when
   * there are more than `maxRows` (the caller then sends a snapshot). Empty when
   * `afterSeq === upToSeq` and no deletion forbids it.
   */
  replay(afterSeq: number, upToSeq: number, maxRows: number): Promise<StoredSample[] | undefined>;
  /** The highest sequence number ever assigned (0 when none). */
  lastSeq(): Promise<number>;
  /**
   * The database epoch: a random id written when the database was created (and new in each
   * backup copy). Seqs are cursors of one epoch: a resume from another epoch gets a snapshot.
   */
  epoch(): Promise<string>;
  /** The oldest sequence number still kept, or null when no sample is kept. */
  firstSeq(): Promise<number | null>;
  /** Name and unit of every series, by name. */
  listSeries(): Promise<SeriesInfo[]>;
  /** How many series exist. */
  countSeries(): Promise<number>;
  /**
   * The series whose key contains `query` (ASCII case-insensitive; every series when empty) and,
   * when `match` is given, whose metric name starts with it (case-sensitive, as metric names
   * are), at most `limit` of them by key, and `total`, how many match in all.
   */
  searchSeries(query: string, limit: number, match?: string): Promise<SeriesSearch>;
  /**
   * Deletes a series: its samples, its rollups and its row, and records the deletion with the
   * seq it happened at (see `replay`). The work is done in bounded batches, so one series with
   * millions of samples does not hold the event loop or the write lock for long; samples pushed
   * to it meanwhile go with it. Undefined when no such series exists (or another delete of it
   * was already under way). A later sample of that name creates a new series. Subscribers are
   * told, as after an append.
   */
  deleteSeries(name: string): Promise<SeriesDeletion | undefined>;
  /**
   * The deletions recorded after `afterId` (whoever made them, this process or another), in
   * the order they committed (so by `seq` too). The stream hub reads them after each batch of
   * rows and announces each before any row with a larger seq (lib/stream/stream-hub.ts).
   */
  deletionsAfter(afterId: number): Promise<SeriesDeletionRecord[]>;
  /** The id of the last deletion recorded (0 when none). */
  lastDeletionId(): Promise<number>;
  /**
   * Raw samples with `from <= ts <= to`, or the rollup buckets whose start lies in [bucket of
   * `from`, `to`] as `[bucketStart, avg]` points with a `[min, max]` band, in one consistent
   * read exact at the `seq` it reports. Every series (or the wanted ones that exist) is listed.
   * The series come serialised ({@link RangeRead}).
   */
  readRange(request: RangeRequest, resolution: RangeResolution): Promise<RangeRead>;
  /**
   * Calls `listener` after a commit of this process, or one noticed from another process
   * (once the store's background tasks run). Registration is synchronous.
   */
  subscribe(listener: () => void): () => void;
  /** Stops notifying; the database is closed by the owner of the stores (`Stores.close`). */
  close(): Promise<void>;
}
