import { RECONNECT_MAX_DELAY_MS } from './backoff';

/** The metric stream endpoint. */
export const STREAM_PATH = '/api/stream';

/**
 * The stream URL for a (re)connection: with the last event id seen, the server replays exactly
 * what came after it (or sends a fresh snapshot when it cannot), so nothing is lost or repeated.
 * With the database epoch of the snapshot it started from (`<seq>:<epoch>`), a database that
 * was recreated or restored meanwhile answers with a snapshot rather than its own rows.
 */
export function streamUrl(
  lastEventId: number | undefined,
  epoch?: string,
  path: string = STREAM_PATH,
): string {
  if (lastEventId === undefined) return path;
  const cursor = epoch === undefined ? String(lastEventId) : `${lastEventId}:${epoch}`;
  return `${path}?lastEventId=${encodeURIComponent(cursor)}`;
}

/** Whether a `samples` event with `seq` is new to a client that has seen up to `lastSeq`. */
export function isNewEvent(lastSeq: number | undefined, seq: number): boolean {
  return lastSeq === undefined || seq > lastSeq;
}

/** Parses an SSE `data:` field as JSON with a numeric `seq`; undefined when it is not one. */
export function parseStreamData<T extends { seq: number }>(data: unknown): T | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null) return undefined;
    if (typeof (value as { seq?: unknown }).seq !== 'number') return undefined;
    return value as T;
  } catch {
    return undefined;
  }
}

/**
 * The `retryMs` of an `event: shutdown` payload: how long to wait before reconnecting, in
 * milliseconds, capped at RECONNECT_MAX_DELAY_MS; undefined when the payload has none (the
 * client then uses its own backoff).
 */
export function parseShutdownRetryMs(data: unknown): number | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    const retryMs = (value as { retryMs?: unknown } | null)?.retryMs;
    if (typeof retryMs !== 'number' || !Number.isFinite(retryMs) || retryMs < 0) return undefined;
    return Math.min(retryMs, RECONNECT_MAX_DELAY_MS);
  } catch {
    return undefined;
  }
}
