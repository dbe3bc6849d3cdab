import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { log } from '@/lib/logger';
import { isSameOriginRequest } from './csrf';
import type { DrainDeadline } from './drain-deadline';
import type { HostPolicy } from './host-policy';
import { type ErrorCounter, redirect, sendError } from './http-response';
import { pathOf, resolvedPath } from './path-of';
import type { ProxyTrust } from './proxy-trust';
import { JSON_MEDIA_TYPE, readRequestBody } from './request-body';
import { CLIENT_LEFT, RequestContext } from './request-context';
import type { AccessGate, Route, RouteAuth, RouteContext } from './route';
import { checkAuth, crossSiteRefused, takeRate } from './route-checks';
import { malformedParam, type RouteMatch, RouteTable } from './route-table';
import { applySecurityHeaders, securityHeaders } from './security-headers';

/** Request ids a client (or proxy) may supply; anything else is replaced. */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export type RequestRouterOptions = {
  /** Every endpoint the server answers itself; all other paths go to `fallback`. */
  routes: readonly Route[];
  /** Whoever answers the paths no route serves: Next (pages, assets, its 404). */
  fallback: (req: IncomingMessage, res: ServerResponse) => unknown;
  /** Which Host headers are served (the DNS-rebinding guard). */
  hosts: HostPolicy;
  /** Which peers are trusted proxies (TRUST_PROXY): the client address of every check. */
  trust: ProxyTrust;
  /** Access control; absent when it is off. */
  access?: AccessGate | undefined;
  /** Browser origins besides our own allowed to send state-changing requests (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
  /** REQUEST_BODY_TIMEOUT_MS, and the shutdown's drain deadline, for every body read. */
  body: { timeoutMs: number; drainDeadline?: DrainDeadline | undefined };
  /** Counts every error answered, by code. */
  errors?: ErrorCounter | undefined;
  /** `next dev`: the CSP allows what development mode needs (see security-headers.ts). */
  dev: boolean;
};

/**
 * The HTTP request listener. Every request, whichever route or Next answers it, gets an id
 * (`X-Request-Id`) and the security headers, then in this order: the Host check (403
 * `host_not_allowed`), the cross-site check for state-changing methods (403 `forbidden`), the
 * route's rate limit (429), the access gate (401 or 303), the open-connection cap (429), the
 * body (415, 413, 408, 503), and the handler; a thrown error is mapped to
 * its JSON answer by one function. Paths no route serves go to `fallback`, gated alike.
 */
export function createRequestRouter(options: RequestRouterOptions) {
  const table = new RouteTable(options.routes);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const id = requestId(req);
    const head = ['X-Request-Id', id, ...securityHeaders(req.headers.host, options)];
    const served: Served = {};
    void serve(req, res, id, head, options, table, served).catch((error: unknown) => {
      if (error === CLIENT_LEFT) return;
      // A route that writes its own head had none set yet: the error answer gets them.
      if (!res.headersSent && !res.hasHeader('X-Request-Id')) applySecurityHeaders(req, res, head);
      sendError(req, res, error, options.errors, served.route?.errorBody);
    });
  };
}

/** The route a request matched, for its error answer. */
type Served = { route?: Route | undefined };

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  head: readonly string[],
  options: RequestRouterOptions,
  table: RouteTable,
  served: Served,
): Promise<void> {
  const receivedAt = performance.now();
  const matched = table.match(pathOf(req.url));
  const paths = matched?.routes;
  const method = (req.method ?? 'GET').toUpperCase();
  const route = paths?.find((r) => r.methods === '*' || r.methods.includes(method));
  served.route = route;
  // A route that writes its own head (a stream) sends `head` in its one writeHead array: Node
  // then keeps no header map for the response's life (about 1 KiB a stream, bench/memory.md).
  if (!route?.writesHead) applySecurityHeaders(req, res, head);
  // Streams log their own open and close; every other request is logged when answered.
  if (!route?.logsItself) res.once('finish', () => logRequest(req, res, id, receivedAt));
  if (!options.hosts.allows(req.headers.host)) throw options.hosts.refusal(req.headers.host);
  // Before the gate: a cross-site POST (the login form included) gets 403, never a session.
  if (!isSameOriginRequest(req, options.allowedOrigins, options.hosts)) throw crossSiteRefused();
  const clientAddress = options.trust.clientAddress(req);
  if (!route) {
    await serveUnrouted(req, res, options, paths);
    return;
  }
  if (route.rateLimit) takeRate(route.rateLimit, clientAddress);
  const auth = await checkAuth(route.auth, req, options.access);
  if ('redirect' in auth) {
    redirect(res, auth.redirect);
    return;
  }
  // The gate may have awaited: a client that left meanwhile takes no slot and gets no answer.
  if (res.closed) throw CLIENT_LEFT;
  if (matched?.malformed) throw malformedParam();
  const release = route.connections?.acquire(clientAddress);
  // `on`: a response closes once (release is idempotent); `once` wraps it per connection.
  if (release) res.on('close', release);
  const ctx = contextOf(req, res, id, head, clientAddress, auth.session, options, matched);
  if (route.bodyMaxBytes !== undefined) {
    ctx.body = await readRequestBody(req, {
      maxBytes: route.bodyMaxBytes,
      mediaTypes: route.bodyTypes ?? [JSON_MEDIA_TYPE],
      gzip: route.bodyGzip,
      timeoutMs: options.body.timeoutMs,
      receivedAt,
      drainDeadline: options.body.drainDeadline,
    });
  }
  await route.handler(ctx);
}

/**
 * A path no route serves, or a method its routes do not list: gated by the access gate's
 * fallback rule, then answered by Next, or with 405 (204 for OPTIONS) when the path's routes
 * say so, as the Next route handlers they replaced answered.
 */
async function serveUnrouted(
  req: IncomingMessage,
  res: ServerResponse,
  options: RequestRouterOptions,
  paths: readonly Route[] | undefined,
): Promise<void> {
  if (options.access) {
    const auth: RouteAuth = options.access.fallbackAuth(resolvedPath(req.url));
    const outcome = await checkAuth(auth, req, options.access);
    if ('redirect' in outcome) {
      redirect(res, outcome.redirect);
      return;
    }
  }
  if (paths?.some((r) => r.otherMethods === 'not_allowed')) {
    const allow = allowedMethods(paths);
    res.writeHead(req.method === 'OPTIONS' ? 204 : 405, { Allow: allow, 'Content-Length': 0 });
    res.end();
    return;
  }
  await options.fallback(req, res);
}

function contextOf(
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  head: readonly string[],
  clientAddress: string | undefined,
  session: RouteContext['session'],
  options: RequestRouterOptions,
  matched: RouteMatch | undefined,
): RequestContext {
  return new RequestContext({
    req,
    res,
    id,
    head,
    // The route matched an path, so the URL starts with it: a concatenation is safe.
    url: new URL(`http://localhost${req.url ?? '/'}`),
    params: matched?.params ?? {},
    clientAddress,
    secure: options.trust.isHttps(req),
    session,
  });
}

/** The `Allow` header of a path: its routes' methods and OPTIONS, sorted (as Next sends it). */
function allowedMethods(paths: readonly Route[]): string {
  const methods = new Set(['OPTIONS']);
  for (const route of paths)
    if (route.methods !== '*') for (const m of route.methods) methods.add(m);
  return [...methods].sort().join(', ');
}

/** The request's id: the client's when well formed, else a new one; also put on the request. */
function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
  req.headers['x-request-id'] = id;
  return id;
}

function logRequest(req: IncomingMessage, res: ServerResponse, id: string, startedAt: number) {
  const fields = {
    reqId: id,
    method: req.method,
    path: pathOf(req.url),
    status: res.statusCode,
    durationMs: Math.round(performance.now() - startedAt),
  };
  if (res.statusCode >= 500) log.warn('http request', fields);
  else log.debug('http request', fields);
}
