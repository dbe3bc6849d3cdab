import type { Lag } from './load-child';

/** Commands the orchestrator sends to an SSE load generator (bench/sse-load.ts). */
export type SseLoadCommand =
  | {
      type: 'open';
      /** The stream URL. */
      url: string;
      /** Streams this process opens. */
      count: number;
      /** Streams this process opens at once before waiting for their first events. */
      batchSize: number;
      /** Source address to bind (127.0.0.N), so scenarios do not share ephemeral ports. */
      localAddress: string;
      /** Longest wait for a stream's first event, in milliseconds. */
      timeoutMs: number;
    }
  | { type: 'measure' }
  | {
      type: 'collect';
      series: string;
      /** The values (marker or burst indices) every stream must receive exactly once. */
      values: number[];
      /** Per value, when it was committed (shared wall clock, ms); NaN: no latency wanted. */
      originAt: number[];
      /** Per value, when its ingest POST was sent (shared wall clock, ms). */
      sentAt: number[];
      /** Wall-clock time after which missing values count as missing. */
      deadlineAt: number;
    }
  | { type: 'close' };

export type SseOpened = {
  type: 'opened';
  opened: number;
  failed: number;
  /** Time from the request to its first event, per opened stream, in milliseconds. */
  firstEventMs: number[];
  /** Failure reasons with their counts. */
  errors: Record<string, number>;
};

export type SseCollected = {
  type: 'collected';
  /** Receive minus commit time of every (stream, value) pair that arrived, in milliseconds. */
  latenciesMs: Float64Array;
  /** Receive minus POST-sent time of the same pairs, in milliseconds. */
  sendLatenciesMs: Float64Array;
  /** Per value, when the last stream of this process had it (NaN when none did). */
  lastAt: number[];
  missing: number;
  duplicates: number;
  /** Per stream, the `samples` events that carried the series. */
  eventsPerStream: number[];
  /** Events of any kind received since `measure`, over all streams. */
  events: number;
  open: number;
  dropped: number;
  lag: Lag;
};

export type SseLoadReply = SseOpened | SseCollected | { type: 'ok' };
