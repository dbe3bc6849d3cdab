/** Wire types of `GET /api/stream` (Server-Sent Events). See docs/protocol.md. */

/** SSE event names. */
export const StreamEvent = {
  Snapshot: 'snapshot',
  Samples: 'samples',
  /** The last event of a stream whose login session expired (access control on). */
  SessionExpired: 'session-expired',
  /** The server is shutting down; the last event before the stream ends (no `id:`). */
  Shutdown: 'shutdown',
  /** The shared dashboard layout changed (no `id:`); data is a `Layout` (lib/protocol/layout.ts). */
  Layout: 'layout',
} as const;

/** `[tsMs, value]` */
export type Point = [number, number];

export type SeriesInfo = { name: string; unit?: string };

export type SnapshotSeries = SeriesInfo & { points: Point[] };

/** `event: snapshot`: a reset; replaces everything the client holds. */
export type SnapshotPayload = { seq: number; series: SnapshotSeries[] };

export type Sample = { series: string; ts: number; value: number };

/**
 * `event: samples`: every sample committed after the previous event, in sequence order.
 * `series` (an extension) describes series that appear for the first time since the snapshot.
 */
export type SamplesPayload = { seq: number; samples: Sample[]; series?: SeriesInfo[] };

/** `event: session-expired`: the session ended; the server then ends the stream. No `id:`. */
export type SessionExpiredPayload = { reason: string };

/**
 * `event: shutdown` (an extension): the server is restarting. Reconnect after `retryMs`
 * milliseconds (the same value as the `retry:` field sent just before) with the cursor you hold.
 */
export type ShutdownPayload = { reason: string; retryMs: number };
