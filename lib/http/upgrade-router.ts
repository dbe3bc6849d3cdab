import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from '@/lib/errors';
import { errorFields, log } from '@/lib/logger';
import type { HostPolicy } from './host-policy';
import { isOriginAllowed } from './origin-policy';
import { pathOf } from './path-of';
import type { ProxyTrust } from './proxy-trust';
import { rejectUpgrade } from './reject-upgrade';
import type { AccessGate, UpgradeRoute } from './route';
import { checkAuth, takeRate } from './route-checks';

type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

export type UpgradeRouterOptions = {
  /** The WebSocket endpoints (the chat). */
  routes: readonly UpgradeRoute[];
  hosts: HostPolicy;
  trust: ProxyTrust;
  access?: AccessGate | undefined;
  /** Browser origins besides our own allowed to open a socket (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
  /** Next answers `/_next/` upgrades (HMR) only in development; in production they get 404. */
  dev: boolean;
  next: UpgradeHandler;
};

/**
 * The one `upgrade` listener. Every upgrade is refused with a real HTTP status unless its Host
 * is served (403 `host_not_allowed`); a route's upgrade then passes, in this order, its rate
 * limit (429), the session check (401), the origin check (403: a WebSocket has no CORS, so no
 * page from another site may open one), and the open-connection cap (429); the slot is given
 * back when the socket closes. Next's own paths (`/_next/…`, the HMR socket) go to Next in
 * development; anything else gets 404 instead of hanging (Next leaves upgrades it does not
 * serve unanswered).
 */
export function createUpgradeRouter(options: UpgradeRouterOptions): UpgradeHandler {
  return (req, socket, head) => {
    void upgrade(req, socket, head, options).catch((error: unknown) => {
      if (!(error instanceof AppError)) {
        log.error('upgrade failed', { url: req.url, ...errorFields(error) });
        error = new AppError('internal_error', 'Internal server error');
      }
      const refusal = error as AppError;
      const headers: Record<string, string> =
        refusal.retryAfterS === undefined ? {} : { 'Retry-After': String(refusal.retryAfterS) };
      rejectUpgrade(socket, refusal.status, refusal.code, refusal.message, headers);
    });
  };
}

async function upgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: UpgradeRouterOptions,
): Promise<void> {
  if (!options.hosts.allows(req.headers.host)) throw options.hosts.refusal(req.headers.host);
  const path = pathOf(req.url);
  const route = options.routes.find((r) => r.path === path);
  if (!route) {
    if (options.dev && path.startsWith('/_next/')) return options.next(req, socket, head);
    throw new AppError('not_found', `no WebSocket endpoint at ${path}`);
  }
  const clientAddress = options.trust.clientAddress(req);
  if (route.rateLimit) takeRate(route.rateLimit, clientAddress);
  const outcome = await checkAuth(route.auth, req, options.access);
  const session = 'session' in outcome ? outcome.session : undefined;
  const origin = req.headers.origin;
  if (!isOriginAllowed(origin, req.headers.host, options.allowedOrigins, options.hosts)) {
    throw new AppError('forbidden', `origin ${origin} is not allowed`);
  }
  if (socket.destroyed) return;
  const release = route.connections?.acquire(clientAddress);
  // `on`: a socket closes once (release is idempotent); `once` wraps it per connection.
  if (release) socket.on('close', release);
  await route.handler({ req, socket, head, clientAddress, session });
}
