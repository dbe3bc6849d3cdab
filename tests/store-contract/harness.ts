import type { RangeResolution, RangeSeries } from '@/lib/protocol';
import type { MetricStore, RangeRequest } from '@/lib/store/metric-store';
import { decodeRangeSeries } from '@/lib/store/range-json';
import type { Stores } from '@/lib/store/stores';

/** The stores of one database, as a contract test sees them. */
export type ContractStores = Pick<
  Stores,
  | 'metrics'
  | 'chat'
  | 'layout'
  | 'boards'
  | 'layoutHistory'
  | 'alerts'
  | 'retention'
  | 'sessions'
  | 'status'
  | 'cluster'
>;

/** One open database of the engine under test. */
export type ContractDatabase = {
  stores: ContractStores;
  /** A second, independent handle on the same database (another process or instance). */
  openAgain(): Promise<ContractDatabase>;
  /** Closes this handle; the first one opened also removes the database. */
  dispose(): Promise<void>;
};

export type OpenOptions = {
  /** Cap on the database's size, in bytes: writes past it fail with `store_full`. */
  maxBytes?: number;
  /** Most distinct series (SERIES_MAX): appends creating more fail with `series_limit`. */
  seriesMax?: number;
};

/** Opens a fresh, empty database of the engine under test. */
export type OpenContractDatabase = (options?: OpenOptions) => Promise<ContractDatabase>;

/** What an engine can do that the suite cannot assume of every engine. */
export type EngineAbilities = {
  /** The engine honours `OpenOptions.maxBytes` (SQLite: `max_page_count`). */
  maxBytes: boolean;
  /**
   * Whether other instances may share the database (ClusterStore.shared: PostgreSQL, the memory
   * double in cluster mode), or one process writes it (SQLite).
   */
  sharedByInstances: boolean;
};

/** The error a promise rejected with (fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** `count` samples of `series`, value i and timestamp `ts0 + i`. */
export function samplesOf(series: string, count: number, ts0 = 1_000, unit?: string) {
  return Array.from({ length: count }, (_, i) => ({
    series,
    value: i,
    ts: ts0 + i,
    ...(unit ? { unit } : {}),
  }));
}

/** Snapshot limits no test reaches: the snapshot lists everything. */
export const UNBOUNDED_SNAPSHOT = {
  maxSeries: 1_000_000,
  maxPointsPerSeries: 1_000_000,
  maxPoints: 1_000_000,
} as const;

/**
 * `metrics.readRange` with its serialised series parsed back (with the wire schema: an engine's
 * bytes must be what the page can parse).
 */
export async function readRangeOf(
  metrics: MetricStore,
  request: RangeRequest,
  resolution: RangeResolution,
): Promise<{ seq: number; series: RangeSeries[] }> {
  const { seq, seriesJson } = await metrics.readRange(request, resolution);
  return { seq, series: decodeRangeSeries(seriesJson) };
}
