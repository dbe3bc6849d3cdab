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
  /**
   * A board's layout changed (no `id:`); data is `{"board":slug,"version","widgets"}`
   * (lib/protocol/boards.ts). The default board's changes stay `layout`.
   */
  BoardLayout: 'board-layout',
  /** A board was created, renamed or deleted (no `id:`); data is `{"changed":slug}`. */
  Boards: 'boards',
  /**
   * An annotation was stored (`POST /api/annotations`, an alert firing or resolving, a pinned
   * chat message, on any instance; no `id:`); data is an `Annotation` (lib/protocol/alerts.ts),
   * as `GET /api/annotations` answers it. Every stream gets it, whatever its board.
   */
  Annotation: 'annotation',
  /** A series was deleted (`DELETE /api/series/<name>`; no `id:`); data is a `SeriesDeletedPayload`. */
  SeriesDeleted: 'series-deleted',
} as const;

/** `[tsMs, value]` */
export type Point = [number, number];

export type SeriesInfo = { name: string; unit?: string };

/** `truncated`: the series' points were cut to the newest ones (the snapshot is bounded). */
export type SnapshotSeries = SeriesInfo & { points: Point[]; truncated?: boolean };

/**
 * `event: snapshot`: a reset; replaces everything the client holds. `omittedSeries`: how many
 * series the bounded snapshot left out (their names too); absent or 0 when it lists them all.
 */
export type SnapshotPayload = {
  seq: number;
  series: SnapshotSeries[];
  omittedSeries?: number;
  /**
   * The database epoch the seqs belong to (16 hex digits, an extension): a client resumes with
   * `lastEventId=<seq>:<epoch>` and gets a snapshot, not another database's rows, when the
   * database was recreated or restored.
   */
  epoch?: string;
};

export type Sample = { series: string; ts: number; value: number };

/**
 * `event: samples`: every sample committed after the previous event, in sequence order.
 * `series` (an extension) describes series that appear for the first time since the snapshot.
 */
export type SamplesPayload = { seq: number; samples: Sample[]; series?: SeriesInfo[] };

/**
 * `event: session-expired`: the session ended; the server then ends the stream. No `id:`.
 * `reason` is one of SessionEndReason (the chat's close 4401 carries the same text).
 */
export type SessionExpiredPayload = { reason: string };

/**
 * Why a session ended: the `reason` of `session-expired` and of the chat's close `4401`.
 * Either way the client signs in again; `revoked` covers a logout and an operator ending every
 * session.
 */
export const SessionEndReason = {
  Expired: 'session expired',
  Revoked: 'session revoked',
} as const;
export type SessionEndReason = (typeof SessionEndReason)[keyof typeof SessionEndReason];

/**
 * `event: shutdown` (an extension): the server is restarting. Reconnect after `retryMs`
 * milliseconds (the same value as the `retry:` field sent just before) with the cursor you hold.
 */
export type ShutdownPayload = { reason: string; retryMs: number };

/**
 * `event: series-deleted` (an extension): the series and its samples and rollups are gone.
 * No `id:`; every stream gets it, whatever its filter.
 */
export type SeriesDeletedPayload = { series: string };
