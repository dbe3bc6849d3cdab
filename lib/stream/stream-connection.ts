import { randomUUID } from 'node:crypto';
import { watchSessionEnd } from '@/lib/auth/session-timer';
import type { HookRunner } from '@/lib/hooks/hook-runner';
import type { StreamHookContext } from '@/lib/hooks/hook-types';
import type { RouteSession } from '@/lib/http/route';
import { log } from '@/lib/logger';
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
 * Opens one SSE stream on the hub: logs its open and close with a
 * connection id and the close reason (`client_closed`, `slow_reader`, `server_closed`), runs
 * the stream hooks, and returns the idempotent release function.
 */
export function openStreamConnection(
  hub: StreamHub,
  hooks: HookRunner | undefined,
  request: StreamRequest,
  sink: StreamSink,
  peer: StreamPeer,
): () => void {
  const ctx: StreamHookContext = {
    connectionId: peer.connectionId ?? randomUUID(),
    remoteAddress: peer.remoteAddress,
    request,
  };
  const openedAt = Date.now();
  let reason: StreamCloseReason | 'client_closed' = 'client_closed';
  const tracked: StreamSink = {
    write: (chunk) => sink.write(chunk),
    close: (why = 'server_closed') => {
      if (reason === 'client_closed') reason = why;
      sink.close(why);
    },
  };
  const release = hub.open(request, tracked);
  log.info('sse open', { connId: ctx.connectionId, transport: 'sse', remote: ctx.remoteAddress });
  hooks?.onStreamOpen(ctx);
  let released = false;
  let cancelExpiry: (() => void) | undefined;
  const releaseOnce = () => {
    if (released) return;
    released = true;
    cancelExpiry?.();
    release();
    const durationMs = Date.now() - openedAt;
    log.info('sse close', {
      connId: ctx.connectionId,
      transport: 'sse',
      remote: ctx.remoteAddress,
      reason,
      durationMs,
    });
    hooks?.onStreamClose(ctx, durationMs);
  };
  if (peer.session) {
    cancelExpiry = watchSessionEnd(peer.session, (why) => {
      log.info('sse session ended', { connId: ctx.connectionId, transport: 'sse', why });
      const payload: SessionExpiredPayload = { reason: why };
      sink.write(formatEventWithoutId(StreamEvent.SessionExpired, payload));
      sink.close();
      releaseOnce();
    });
  }
  return releaseOnce;
}
