import type { SeriesInfo, SnapshotSeries } from '@/lib/protocol';

/** A sample as written by the collector or the ingest API. */
export type SampleInput = { series: string; value: number; ts?: number; unit?: string };

/** A stored sample with its sequence number. */
export type StoredSample = { seq: number; series: string; ts: number; value: number };

export type AppendResult = { accepted: number; seq: number };

export type SnapshotQuery = {
  /** Oldest timestamp to include, in ms since the epoch. */
  sinceTs: number;
  /** Newest sequence number to include: the snapshot is exact at this cursor. */
  upToSeq: number;
  /** Only these series; all when absent. */
  series?: readonly string[];
};

/**
 * The metric store: an append-only log of samples ordered by `seq`. The SQLite engine is the
 * only one today; the stream hub and the routes depend on this interface alone.
 */
export interface MetricStore {
  /** Appends samples in one transaction; all or nothing. */
  append(samples: readonly SampleInput[]): AppendResult;
  /** Samples with `seq > afterSeq`, oldest first, at most `limit`. */
  readAfter(afterSeq: number, limit: number): StoredSample[];
  /** Every series (filtered) with its points in the window, read in one transaction. */
  snapshot(query: SnapshotQuery): SnapshotSeries[];
  /** The highest sequence number ever assigned (0 when none). */
  lastSeq(): number;
  /** The oldest sequence number still kept, or null when no sample is kept. */
  firstSeq(): number | null;
  /** Name and unit of every series. */
  listSeries(): SeriesInfo[];
  /** Calls `listener` after a commit (this process) or a noticed commit (another process). */
  subscribe(listener: () => void): () => void;
}
