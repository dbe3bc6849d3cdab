import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HookRunner } from '@/lib/hooks/hook-runner';
import { clientAddress } from '@/lib/http/client-address';
import { sendNodeError } from '@/lib/http/node-response';
import { pathOf } from '@/lib/http/path-of';
import type { ErrorTally } from '@/lib/observability/error-tally';
import { parseStreamRequest } from './parse-stream-request';
import { openStreamConnection } from './stream-connection';
import type { StreamHub } from './stream-hub';
import { STREAM_HEADERS } from './stream-response';
import { type StreamSink, withinQueueCap } from './stream-sink';

/** The stream's path; `app/api/stream/route.ts` serves the same contract through Next. */
export const STREAM_PATH = '/api/stream';

/** Whether server.ts should serve this request on the raw Node response. */
export function isStreamRequest(request: IncomingMessage): boolean {
  return request.method === 'GET' && pathOf(request.url) === STREAM_PATH;
}

/**
 * Serves `GET /api/stream` straight on the Node response: the same hub and bytes as the route
 * handler, without the web-stream adapter's cost per stream (see README, Performance).
 */
export function serveNodeStream(
  req: IncomingMessage,
  res: ServerResponse,
  hub: StreamHub,
  hooks?: HookRunner,
  connectionId?: string,
  errors?: ErrorTally,
  trustProxy = false,
  sessionExp?: number,
): void {
  let request: ReturnType<typeof parseStreamRequest>;
  try {
    const lastEventId = req.headers['last-event-id'];
    request = parseStreamRequest(
      new URL(req.url ?? '/', 'http://localhost'),
      Array.isArray(lastEventId) ? lastEventId.join(',') : lastEventId,
    );
  } catch (error) {
    sendNodeError(req, res, error, errors);
    return;
  }
  res.writeHead(200, STREAM_HEADERS);
  res.socket?.setNoDelay(true);
  const sink: StreamSink = {
    write(chunk) {
      if (res.writableEnded || res.destroyed) return false;
      res.write(chunk);
      return withinQueueCap(res.writableLength);
    },
    close(reason) {
      if (reason === 'slow_reader') res.destroy();
      else if (!res.writableEnded) res.end();
    },
  };
  const release = openStreamConnection(hub, hooks, request, sink, {
    remoteAddress: clientAddress(req, trustProxy),
    sessionExp,
    ...(connectionId ? { connectionId } : {}),
  });
  res.once('close', release);
  if (res.destroyed) release();
}
