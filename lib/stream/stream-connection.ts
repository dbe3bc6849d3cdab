import { randomUUID } from 'node:crypto';
import { watchSessionEnd } from '@/lib/auth/session-timer';
import type { HookRunner } from '@/lib/hooks/hook-runner';
import type { StreamHookContext } from '@/lib/hooks/hook-types';
import type { RouteSession } from '@/lib/http/route';
import { log, logs } from '@/lib/logger';
import { type SessionExpiredPayload, StreamEvent } from '@/lib/protocol';
import { formatEventWithoutId } from './sse-format';
import type { StreamHub, StreamRequest } from './stream-hub';
import type { StreamCloseReason, StreamSink } from './stream-sink';

export type StreamPeer = {
  connectionId?: string;
  remoteAddress: string | undefined;
  /**
   * The login session (access control on): when it ends (expiry, logout, every session ended)
   * the stream gets `session-expired` with the reason, and ends.
   */
  session?: Pick<RouteSession, 'exp' | 'watch'> | undefined;
};

/**
 * Opens one SSE stream on the hub: logs its open and close with a connection id and the close
 * reason (`client_closed`, `slow_reader`, `server_closed`) and runs the stream hooks. Call
 * `release()` (idempotent) when the response closes.
 */
export function openStreamConnection(
  hub: StreamHub,
  hooks: HookRunner | undefined,
  request: StreamRequest,
  sink: StreamSink,
  peer: StreamPeer,
): StreamConnection {
  return new StreamConnection(hub, hooks, request, sink, peer);
}

/**
 * One open stream: the sink the hub writes to (it notes why the server closed it), the hub
 * registration, the session timer and the hooks. One object, no closures of its own: a stream
 * lives for hours, and every byte it keeps is multiplied by the streams open (bench/memory.md).
 */
export class StreamConnection implements StreamSink {
  readonly connectionId: string;
  readonly remoteAddress: string | undefined;
  readonly #sink: StreamSink;
  readonly #hooks: HookRunner | undefined;
  /** What hooks see; made only when a stream hook exists. */
  readonly #hookContext: StreamHookContext | undefined;
  readonly #openedAt = Date.now();
  readonly #leave: () => void;
  #reason: StreamCloseReason | 'client_closed' = 'client_closed';
  #released = false;
  #cancelExpiry: (() => void) | undefined;

  constructor(
    hub: StreamHub,
    hooks: HookRunner | undefined,
    request: StreamRequest,
    sink: StreamSink,
    peer: StreamPeer,
  ) {
    this.connectionId = peer.connectionId ?? randomUUID();
    this.remoteAddress = peer.remoteAddress;
    this.#sink = sink;
    const hooked = hooks?.has('onStreamOpen') || hooks?.has('onStreamClose');
    this.#hooks = hooked ? hooks : undefined;
    this.#hookContext = this.#hooks
      ? { connectionId: this.connectionId, remoteAddress: this.remoteAddress, request }
      : undefined;
    this.#leave = hub.open(request, this);
    if (logs('info')) {
      log.info('sse open', {
        connId: this.connectionId,
        transport: 'sse',
        remote: this.remoteAddress,
      });
    }
    if (this.#hookContext) this.#hooks?.onStreamOpen(this.#hookContext);
    if (peer.session) {
      this.#cancelExpiry = watchSessionEnd(peer.session, (why) => this.#sessionEnded(why));
    }
  }

  write(chunk: Uint8Array): boolean {
    return this.#sink.write(chunk);
  }

  close(why: StreamCloseReason = 'server_closed'): void {
    if (this.#reason === 'client_closed') this.#reason = why;
    this.#sink.close(why);
  }

  /** Leaves the hub, logs the close and runs the close hooks; idempotent. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#cancelExpiry?.();
    this.#leave();
    const durationMs = Date.now() - this.#openedAt;
    if (logs('info')) {
      log.info('sse close', {
        connId: this.connectionId,
        transport: 'sse',
        remote: this.remoteAddress,
        reason: this.#reason,
        durationMs,
      });
    }
    if (this.#hookContext) this.#hooks?.onStreamClose(this.#hookContext, durationMs);
  }

  /** The login session ended (expiry, logout, every session ended): say why, then end. */
  #sessionEnded(why: string): void {
    log.info('sse session ended', { connId: this.connectionId, transport: 'sse', why });
    const payload: SessionExpiredPayload = { reason: why };
    this.#sink.write(formatEventWithoutId(StreamEvent.SessionExpired, payload));
    this.#sink.close();
    this.release();
  }
}
