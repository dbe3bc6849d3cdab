import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ConnectionLimit } from './connection-limit';
import type { RateLimiter } from './ip-rate-limit';
import type { RequestBody } from './request-body';

/**
 * The route table's vocabulary. Each feature exports its routes as data (`ingestRoutes(deps)`,
 * `streamRoutes(deps)`, ...); `server.ts` hands them to `createRequestRouter`, which applies the
 * same checks to every one. This module knows no feature.
 */

/** What the access gate knows about a signed-in client (a session cookie checked by it). */
export type RouteSession = {
  readonly name: string;
  /** When it expires, in Unix milliseconds. */
  readonly exp: number;
  /**
   * Calls `onEnd` once, with why, when the session ends while a connection (a stream, a chat
   * socket) holds it: it expires, it is signed out, or an operator ends every session. Returns
   * the function that stops watching; call it when the connection closes. A gate without it:
   * the session ends at `exp` only.
   */
  watch?(onEnd: (reason: string) => void): () => void;
};

/**
 * Who may call a route when access control is on (with it off, every route is open except for
 * its bearer token):
 * - `public`: anyone (health, the login endpoint).
 * - `session`: a valid session, else `401 unauthorized`.
 * - `page`: a valid session, else `303` to the login page.
 * - `{ bearer, orSession }`: `Authorization: Bearer <bearer>` when `bearer` is set (401
 *   otherwise); with `orSession`, a valid session does instead (ingest: scripts or the page).
 */
export type RouteAuth =
  | 'public'
  | 'session'
  | 'page'
  | {
      bearer: string | undefined;
      orSession: boolean;
      /** Authorization schemes the token may come in (default `Bearer`; InfluxDB's `Token`). */
      schemes?: readonly string[];
    };

/** Everything a handler gets: the raw request and response, and what the router learnt. */
export type RouteContext = {
  req: IncomingMessage;
  res: ServerResponse;
  /** The request id (`X-Request-Id`, also the stream's connection id). */
  id: string;
  /**
   * `X-Request-Id` and the security headers, `[name, value, …]`: already set on the response,
   * unless the route writes its head itself (`writesHead`), in one `writeHead` array with them.
   */
  head: readonly string[];
  /** The request URL, parsed (the host part is a placeholder). */
  url: URL;
  /**
   * The parameter segment of a route path such as `/api/series/:name`, percent-decoded
   * (`{ name: 'host.cpu' }`); empty for an exact path.
   */
  params: Readonly<Record<string, string>>;
  /** The client's address (TRUST_PROXY applied): for logs, hooks and limits. */
  clientAddress: string | undefined;
  /** Whether the client reached us over https (a TLS socket, or a trusted proxy says so). */
  secure: boolean;
  /** The session the gate found (access control on, and the route's auth asked for one). */
  session: RouteSession | undefined;
  /** The body, read before the handler runs, when the route takes one (`bodyMaxBytes`). */
  body: RequestBody | undefined;
  /**
   * Aborts when the client goes away before the answer is complete (e.g. drops a queued read).
   * Made on first read (see RequestContext).
   */
  signal: AbortSignal;
};

export type RouteHandler = (ctx: RouteContext) => void | Promise<void>;

/** One endpoint: a method (or several) on a path, with its checks as data. */
export type Route = {
  /** Methods served, upper case; `*` for every method (the handler answers the others). */
  methods: readonly string[] | '*';
  /**
   * The exact path, without a query (`/api/metrics`), or a path whose last segment is a
   * parameter (`/api/series/:name`): it matches one non-empty segment there, given to the
   * handler percent-decoded in `params` (see route-table.ts). Exact paths are matched first.
   */
  path: string;
  auth: RouteAuth;
  /** A per-address rate limit, taken before the auth check (429 `rate_limited`). */
  rateLimit?: RateLimiter | undefined;
  /** Held while the response lasts (SSE): 429 `too_many_connections` past the cap. */
  connections?: ConnectionLimit | undefined;
  /** Largest request body, in bytes: the router reads it (413, 415, 408) before the handler. */
  bodyMaxBytes?: number;
  /** Media types the body may have; default `application/json`. */
  bodyTypes?: readonly string[];
  /** The body may come with `Content-Encoding: gzip` (see BodyRules.gzip); default no. */
  bodyGzip?: boolean;
  /** The handler logs its own open and close (a stream): no `http request` line. */
  logsItself?: boolean;
  /**
   * The handler writes the response head itself, `ctx.head` first, in one `writeHead` array: the
   * router sets no header (a refusal before or from the handler still gets them). For a response
   * that lasts (a stream): Node keeps a header map for the response's life after `setHeader`.
   */
  writesHead?: boolean;
  /**
   * A method none of the path's routes lists: `not_allowed` answers `405` (`204` with `Allow`
   * for OPTIONS) as the Next route handlers these replaced did; `fallback` (the default) hands
   * it to Next like any unknown path.
   */
  otherMethods?: 'not_allowed' | 'fallback';
  /**
   * Writes the route's error answers in its protocol's own shape (OTLP answers a `Status`): given
   * the request and the error's status, code and message, it returns the body and its media type.
   * Default: Pulseboard's `{"error":{code,message}}`. Status, `Retry-After` and the error count
   * stay the router's.
   */
  errorBody?: ErrorBodyWriter | undefined;
  handler: RouteHandler;
};

/** See Route.errorBody. */
export type ErrorBodyWriter = (
  req: IncomingMessage,
  error: { status: number; code: string; message: string },
) => { contentType: string; body: string | Uint8Array };

/**
 * The access gate, given to the router by the auth feature (absent: access control is off).
 * `authenticate` may be async (a server-side session store).
 */
export type AccessGate = {
  authenticate(req: IncomingMessage): RouteSession | undefined | Promise<RouteSession | undefined>;
  /**
   * How a request no route serves (a page, an asset, an unknown /api path, a method its path's
   * routes do not list) is gated, by its resolved path (dot segments removed).
   */
  fallbackAuth(path: string): RouteAuth;
  /** Where a page request without a session is sent: the login page, coming back to `url`. */
  loginUrl(url: string | undefined): string;
};

/** What an upgrade handler gets once the router's checks passed. */
export type UpgradeContext = {
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  clientAddress: string | undefined;
  session: RouteSession | undefined;
};

/** A WebSocket endpoint: the upgrade router checks Host, rate, session, origin and the cap. */
export type UpgradeRoute = {
  path: string;
  auth: 'public' | 'session';
  rateLimit?: RateLimiter | undefined;
  connections?: ConnectionLimit | undefined;
  /** May be async: an AppError it throws is the refusal's status and body (a 404, say). */
  handler: (ctx: UpgradeContext) => void | Promise<void>;
};
