import type { RangeAnswer, RangeResolution, SeriesInfo, SnapshotSeries } from '@/lib/protocol';

/** A sample as written by the collector or the ingest API. */
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
  /** Appends samples in one transaction, all or nothing; resolves after the commit. */
  append(samples: readonly SampleInput[]): Promise<AppendResult>;
  /** Samples with `seq > afterSeq`, oldest first, at most `limit`. */
  readAfter(afterSeq: number, limit: number): Promise<StoredSample[]>;
  /**
   * Every series (filtered) with its points since `sinceTs`, exact at `upToSeq` (rows with a
   * larger seq are left out even when already committed), read in one consistent read.
   */
  snapshot(query: SnapshotQuery): Promise<SnapshotSeries[]>;
  /**
   * Exactly the samples with `afterSeq < seq <= upToSeq`, oldest first, in one consistent read;
   * undefined when some of them were deleted by retention or there are more than `maxRows`
   * (the caller then sends a snapshot). Empty when `afterSeq === upToSeq`.
   */
  replay(afterSeq: number, upToSeq: number, maxRows: number): Promise<StoredSample[] | undefined>;
  /** The highest sequence number ever assigned (0 when none). */
  lastSeq(): Promise<number>;
  /** The oldest sequence number still kept, or null when no sample is kept. */
  firstSeq(): Promise<number | null>;
  /** Name and unit of every series, by name. */
  listSeries(): Promise<SeriesInfo[]>;
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
