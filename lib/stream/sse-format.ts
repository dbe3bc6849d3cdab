/** Server-Sent Events framing. Every event is serialised once and the bytes are shared. */
import { StreamEvent } from '@/lib/protocol';

const encoder = new TextEncoder();

/** One `event:` with its `id:` and a JSON `data:` line. JSON never contains a raw newline. */
export function formatEvent(event: string, id: number, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** An `event:` with a JSON `data:` line and no `id:`, so it does not move the client's cursor. */
export function formatEventWithoutId(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** The reconnection delay the browser should use, in milliseconds. */
export function formatRetry(retryMs: number): Uint8Array {
  return encoder.encode(`retry: ${Math.round(retryMs)}\n\n`);
}

/**
 * The last bytes of a stream on shutdown: `retry: <retryMs>` and `event: shutdown` with
 * `{"reason","retryMs"}`. No `id:`, so the client's Last-Event-ID stays its real cursor.
 */
export function formatShutdown(retryMs: number, reason = 'server restarting'): Uint8Array {
  const data = JSON.stringify({ reason, retryMs: Math.round(retryMs) });
  return encoder.encode(
    `retry: ${Math.round(retryMs)}\n\nevent: ${StreamEvent.Shutdown}\ndata: ${data}\n\n`,
  );
}

/** A comment line: ignored by EventSource, keeps proxies and idle timers from closing. */
export const KEEPALIVE_COMMENT: Uint8Array = encoder.encode(': keep-alive\n\n');

/** Joins chunks into one so that a burst is one socket write. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const c of chunks) length += c.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
