/**
 * Where a stream's bytes go. The hub does not care whether this is a web ReadableStream
 * (the Next route) or a raw Node response, so the transport can be chosen by measurement.
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
/** Bytes a web stream buffers before it reports back-pressure (its high-water mark). */
export const STREAM_HIGH_WATER_MARK_BYTES = 64 * 1024;

/** The one slow-reader rule of every transport: at most STREAM_MAX_QUEUED_BYTES unread. */
export function withinQueueCap(queuedBytes: number): boolean {
  return queuedBytes <= STREAM_MAX_QUEUED_BYTES;
}

/**
 * A ReadableStream for a route handler's Response, and the sink that feeds it. `onOver` is
 * called once when the reader cancels or the sink is closed as a slow reader.
 */
export function createReadableSink(onCancel: () => void): {
  body: ReadableStream<Uint8Array>;
  sink: StreamSink;
} {
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      cancel() {
        closed = true;
        onCancel();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: STREAM_HIGH_WATER_MARK_BYTES }),
  );
  const sink: StreamSink = {
    write(chunk) {
      if (closed || !controller) return false;
      controller.enqueue(chunk);
      return withinQueueCap(STREAM_HIGH_WATER_MARK_BYTES - (controller.desiredSize ?? 0));
    },
    close(reason) {
      if (closed) return;
      closed = true;
      try {
        if (reason === 'slow_reader') controller?.error(new Error('slow_reader'));
        else controller?.close();
      } catch {
        // Already errored or cancelled by the reader: nothing left to end.
      }
      // An errored body is never cancelled: the stream is over now.
      if (reason === 'slow_reader') onCancel();
    },
  };
  return { body, sink };
}
