import type { SamplesPayload, SeriesInfo, SnapshotPayload } from '@/lib/protocol';
import { StreamEvent } from '@/lib/protocol';
import type { MetricStore, StoredSample } from '@/lib/store/metric-store';
import {
  SNAPSHOT_MAX_POINTS,
  SNAPSHOT_MAX_POINTS_PER_SERIES,
  SNAPSHOT_MAX_SERIES,
} from './snapshot-limits';
import { formatEvent } from './sse-format';
import type { StreamRequest } from './stream-request';

/** A resume that would replay more samples than this gets a fresh snapshot instead. */
export const STREAM_REPLAY_MAX_SAMPLES = 50_000;

/**
 * The first event of a stream: the replay a resuming stream needs, else a snapshot; both
 * exact at `upToSeq` (the hub's cursor when the stream was registered). `epoch` is the
 * database's (lib/store/database-epoch.ts): a cursor that names another epoch is not replayed
 * (its seqs are another database's), and the snapshot carries it for the client's next resume.
 */
export async function readFirstEvent(
  store: MetricStore,
  request: StreamRequest,
  upToSeq: number,
  epoch: string,
): Promise<{ bytes: Uint8Array; kind: 'replay' | 'snapshot' }> {
  const sameDatabase = request.lastEpoch === undefined || request.lastEpoch === epoch;
  const replay = sameDatabase ? await readReplay(store, request, upToSeq) : undefined;
  if (replay) return { bytes: replay, kind: 'replay' };
  return { bytes: await readSnapshot(store, request, upToSeq, epoch), kind: 'snapshot' };
}

/**
 * The replay a resuming stream needs: exactly the samples after its cursor up to `upToSeq`
 * (empty bytes when there are none), read in one consistent read, or undefined when they are
 * not all kept or too many (the stream then gets a snapshot).
 */
export async function readReplay(
  store: MetricStore,
  request: StreamRequest,
  upToSeq: number,
): Promise<Uint8Array | undefined> {
  const after = request.lastEventId;
  if (after === undefined || after > upToSeq) return undefined;
  const rows = await store.replay(after, upToSeq, STREAM_REPLAY_MAX_SAMPLES);
  if (!rows) return undefined;
  const filter = request.series ? new Set(request.series) : undefined;
  const wanted = filter ? rows.filter((r) => filter.has(r.series)) : rows;
  if (wanted.length === 0) return new Uint8Array(0);
  const payload: SamplesPayload = {
    seq: upToSeq,
    samples: wanted.map((r) => ({ series: r.series, ts: r.ts, value: r.value })),
    series: describeSeries(wanted),
  };
  return formatEvent(StreamEvent.Samples, upToSeq, payload);
}

/**
 * A snapshot of the request's window and series, exact at `upToSeq`, bounded (see
 * snapshot-limits.ts): `omittedSeries` is sent when series were left out; `epoch` names the
 * database the seqs belong to.
 */
export async function readSnapshot(
  store: MetricStore,
  request: StreamRequest,
  upToSeq: number,
  epoch: string,
): Promise<Uint8Array> {
  const { series, omittedSeries } = await store.snapshot({
    sinceTs: Date.now() - request.windowS * 1000,
    upToSeq,
    ...(request.series ? { series: request.series } : {}),
    maxSeries: SNAPSHOT_MAX_SERIES,
    maxPointsPerSeries: SNAPSHOT_MAX_POINTS_PER_SERIES,
    maxPoints: SNAPSHOT_MAX_POINTS,
  });
  const payload: SnapshotPayload = { seq: upToSeq, series };
  if (omittedSeries > 0) payload.omittedSeries = omittedSeries;
  payload.epoch = epoch;
  return formatEvent(StreamEvent.Snapshot, upToSeq, payload);
}

/** Name and unit of each series the rows name, by name (the units come with the rows). */
export function describeSeries(rows: readonly StoredSample[], only?: ReadonlySet<string>) {
  const units = new Map<string, string | null>();
  for (const r of rows) if (!only || only.has(r.series)) units.set(r.series, r.unit);
  return [...units]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, unit]): SeriesInfo => (unit === null ? { name } : { name, unit }));
}
