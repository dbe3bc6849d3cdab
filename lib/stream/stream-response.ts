import type { Runtime } from '@/lib/runtime';
import { parseStreamRequest } from './parse-stream-request';
import { openStreamConnection } from './stream-connection';
import { createReadableSink } from './stream-sink';

/** Headers of every stream: never cached, never transformed or buffered by proxies. */
export const STREAM_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
} as const;

/** Opens one SSE stream on the hub; it is released when the client goes away. */
export function openStreamResponse(request: Request, runtime: Runtime): Response {
  const streamRequest = parseStreamRequest(
    new URL(request.url),
    request.headers.get('last-event-id'),
  );
  let release: (() => void) | undefined;
  let released = false;
  const done = () => {
    if (released) return;
    released = true;
    release?.();
    request.signal.removeEventListener('abort', done);
  };
  const { body, sink } = createReadableSink(done);
  request.signal.addEventListener('abort', done);
  release = openStreamConnection(runtime.streamHub, runtime.hooks, streamRequest, sink, {
    // A route handler cannot see the socket; only a trusted proxy's header names the client.
    remoteAddress: runtime.env.TRUST_PROXY
      ? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim()
      : undefined,
    // The request router's gate let this request through only with a valid session.
    sessionExp: runtime.access?.sessionOf(request.headers.get('cookie'))?.exp,
  });
  // The reader may have gone while the snapshot was written.
  if (released) release();
  else if (request.signal.aborted) done();
  return new Response(body, { headers: STREAM_HEADERS });
}
