import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestBody } from './request-body';
import type { RouteContext, RouteSession } from './route';

/** The reason of a route's `signal` when its client leaves: nobody is left to answer. */
export const CLIENT_LEFT = new Error('the client left before the answer');

/**
 * What the router hands a route's handler (see RouteContext). The `signal` is made on first
 * read: an AbortController, its EventTarget and a `close` listener cost about 1 KiB, kept for
 * the response's life (a stream's: hours), and only a route that queues work reads it.
 */
export class RequestContext implements RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly id: string;
  readonly head: readonly string[];
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  readonly clientAddress: string | undefined;
  readonly secure: boolean;
  readonly session: RouteSession | undefined;
  body: RequestBody | undefined = undefined;
  #signal: AbortSignal | undefined;

  constructor(fields: Omit<RouteContext, 'body' | 'signal'>) {
    this.req = fields.req;
    this.res = fields.res;
    this.id = fields.id;
    this.head = fields.head;
    this.url = fields.url;
    this.params = fields.params;
    this.clientAddress = fields.clientAddress;
    this.secure = fields.secure;
    this.session = fields.session;
  }

  /** Aborts (reason CLIENT_LEFT) when the client goes away before the answer is complete. */
  get signal(): AbortSignal {
    this.#signal ??= abortWhenClientLeaves(this.res);
    return this.#signal;
  }
}

function abortWhenClientLeaves(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  // Read after the client left: already aborted, as a signal made at the start would be.
  if (res.closed) {
    if (!res.writableFinished) controller.abort(CLIENT_LEFT);
    return controller.signal;
  }
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(CLIENT_LEFT);
  });
  return controller.signal;
}
