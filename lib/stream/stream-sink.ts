import type { ServerResponse } from 'node:http';

/**
 * Where a stream's bytes go. The hub does not care what is behind it: today a raw Node
 * response (`responseSink`); another transport can be added behind this interface and chosen
 * by measurement (docs/architecture.md#transports).
 */
export interface StreamSink {
  /** Queues bytes; returns false when the reader is too far behind (the hub then drops it). */
  write(chunk: Uint8Array): boolean;
  /**
   * Ends the response. With `slow_reader` the unread queue is thrown away at once (the
   * connection is cut) so a reader that stopped reading holds no memory; the client resumes
   * from its cursor.
   */
  close(reason?: StreamCloseReason): void;
}

/** Why the server ended a stream; a stream the client left is logged as `client_closed`. */
export type StreamCloseReason = 'slow_reader' | 'server_closed';

/** Bytes a stream may have queued and unread before it is closed as too slow. */
export const STREAM_MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/** The one slow-reader rule of every transport: at most STREAM_MAX_QUEUED_BYTES unread. */
export function withinQueueCap(queuedBytes: number): boolean {
  return queuedBytes <= STREAM_MAX_QUEUED_BYTES;
}

/**
 * A sink writing to a Node response: what is queued is the bytes not yet handed to the kernel
 * (`writableLength`); a slow reader's connection is destroyed, so its queue is freed at once.
 */
export function responseSink(res: ServerResponse): StreamSink {
  return new ResponseSink(res);
}

/** One object per stream, its methods on the prototype (no closures per stream). */
class ResponseSink implements StreamSink {
  readonly #res: ServerResponse;

  constructor(res: ServerResponse) {
    this.#res = res;
  }

  write(chunk: Uint8Array): boolean {
    const res = this.#res;
    if (res.writableEnded || res.destroyed) return false;
    res.write(chunk);
    return withinQueueCap(res.writableLength);
  }

  close(reason?: StreamCloseReason): void {
    if (reason === 'slow_reader') this.#res.destroy();
    else if (!this.#res.writableEnded) this.#res.end();
  }
}
