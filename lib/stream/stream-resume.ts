import type { SamplesPayload } from '@/lib/protocol';
import { StreamEvent } from '@/lib/protocol';
import type { MetricStore } from '@/lib/store/metric-store';
import { formatEvent } from './sse-format';
import type { StreamRequest } from './stream-hub';

/** A resume that would replay more samples than this gets a fresh snapshot instead. */
export const STREAM_REPLAY_MAX_SAMPLES = 50_000;

/**
 * The replay a resuming stream needs: exactly the samples after its cursor up to `upToSeq`
 * (empty bytes when there are none), or undefined when they are not all kept (the stream then
 * gets a snapshot).
 */
export function readReplay(
  store: MetricStore,
  request: StreamRequest,
  upToSeq: number,
): Uint8Array | undefined {
  const after = request.lastEventId;
  if (after === undefined || after > upToSeq) return undefined;
  if (after < upToSeq) {
    const first = store.firstSeq();
    if (first === null || first > after + 1) return undefined;
  }
  const rows = store
    .readAfter(after, STREAM_REPLAY_MAX_SAMPLES + 1)
    .filter((r) => r.seq <= upToSeq);
  if (rows.length > STREAM_REPLAY_MAX_SAMPLES) return undefined;
  const filter = request.series ? new Set(request.series) : undefined;
  const samples = rows
    .filter((r) => !filter || filter.has(r.series))
    .map((r) => ({ series: r.series, ts: r.ts, value: r.value }));
  if (samples.length === 0) return new Uint8Array(0);
  const names = new Set(samples.map((s) => s.series));
  const payload: SamplesPayload = {
    seq: upToSeq,
    samples,
    series: store.listSeries().filter((s) => names.has(s.name)),
  };
  return formatEvent(StreamEvent.Samples, upToSeq, payload);
}

/** A snapshot of the request's window and series, exact at `upToSeq`. */
export function readSnapshot(
  store: MetricStore,
  request: StreamRequest,
  upToSeq: number,
): Uint8Array {
  const series = store.snapshot({
    sinceTs: Date.now() - request.windowS * 1000,
    upToSeq,
    ...(request.series ? { series: request.series } : {}),
  });
  return formatEvent(StreamEvent.Snapshot, upToSeq, { seq: upToSeq, series });
}
