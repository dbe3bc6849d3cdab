import type { IncomingMessage } from 'node:http';
import { AppError } from '@/lib/errors';
import { requireBearer } from './bearer-auth';
import type { RateLimiter } from './ip-rate-limit';
import type { AccessGate, RouteAuth, RouteSession } from './route';

/**
 * The checks the HTTP and the upgrade router share, each throwing the AppError its refusal
 * is answered with.
 */

/** Takes one request of `address` from `limit`; 429 `rate_limited` with Retry-After past it. */
export function takeRate(limit: RateLimiter, address: string | undefined): void {
  const decision = limit.take(address);
  if (decision.ok) return;
  throw new AppError('rate_limited', limit.describe(decision.retryAfterS), {
    retryAfterS: decision.retryAfterS,
  });
}

/** What the auth check decided: go on (with the session, if one was asked for and found). */
export type AuthOutcome = { session: RouteSession | undefined } | { redirect: string };

/**
 * Applies a route's `auth` (see RouteAuth): throws 401 `unauthorized`, returns a redirect to
 * the login page for a page without a session, or lets the request go on.
 */
export async function checkAuth(
  auth: RouteAuth,
  req: IncomingMessage,
  access: AccessGate | undefined,
): Promise<AuthOutcome> {
  if (auth === 'public') return { session: undefined };
  if (typeof auth === 'object' && !auth.orSession) {
    if (auth.bearer) requireBearer(req.headers.authorization, auth.bearer, auth.schemes);
    return { session: undefined };
  }
  if (!access) {
    if (typeof auth === 'object' && auth.bearer) {
      requireBearer(req.headers.authorization, auth.bearer, auth.schemes);
    }
    return { session: undefined };
  }
  const session = await access.authenticate(req);
  if (session) return { session };
  if (auth === 'page') return { redirect: access.loginUrl(req.url) };
  if (typeof auth === 'object' && auth.bearer && req.headers.authorization) {
    requireBearer(req.headers.authorization, auth.bearer, auth.schemes);
    return { session: undefined };
  }
  throw new AppError('unauthorized', `no valid session; sign in at ${access.loginUrl(undefined)}`);
}

/** The answer to a cross-site state-changing request: 403 `forbidden`. */
export function crossSiteRefused(): AppError {
  return new AppError('forbidden', 'cross-site request refused');
}
