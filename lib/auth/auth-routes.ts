import { AppError } from '@/lib/errors';
import { redirect, sendJson } from '@/lib/http/http-response';
import type { RateDecision, RateLimiter } from '@/lib/http/ip-rate-limit';
import type { Route, RouteContext } from '@/lib/http/route';
import { log } from '@/lib/logger';
import type { AccessControl } from './access-control';
import { checkCredentials } from './check-password';
import { FORM_MEDIA_TYPE, isFormRequest, LOGIN_BODY_MAX_BYTES, parseLoginBody } from './login-body';
import { LoginRate } from './login-rate';
import { safeNextPath } from './safe-next-path';
import { clearedCookieHeader, readSessionCookie, sessionCookieHeader } from './session-cookie';

/** The login page's path. */
export const LOGIN_PAGE_PATH = '/login';

/**
 * The access-control endpoints (mounted only when it is on; otherwise these paths are Next's
 * 404): `POST /api/login`, `POST /api/logout`, `GET /api/session`. See docs/protocol.md.
 */
export function authRoutes(access: AccessControl, rate: LoginRate = new LoginRate()): Route[] {
  return [
    {
      methods: ['POST'],
      path: '/api/login',
      auth: 'public',
      rateLimit: loginLimiter(rate),
      bodyMaxBytes: LOGIN_BODY_MAX_BYTES,
      bodyTypes: [FORM_MEDIA_TYPE, 'application/json'],
      handler: (ctx) => login(access, ctx),
    },
    {
      methods: ['POST'],
      path: '/api/logout',
      auth: 'public',
      handler: (ctx) => logout(access, ctx),
    },
    {
      methods: ['GET'],
      path: '/api/session',
      auth: 'session',
      handler: ({ res, session }) => {
        if (!session) throw new AppError('unauthorized', 'no valid session; sign in at /login');
        sendJson(res, 200, { name: session.name, expiresAt: session.exp });
      },
    },
  ];
}

/**
 * `POST /api/login`: checks the credentials and sets the session cookie. A form gets 303 to
 * `next` (or back to the login page with `?error=1`); JSON gets 200 or 401. The attempt was
 * counted against the client address first (429 with Retry-After past
 * LOGIN_ATTEMPTS_PER_MINUTE).
 */
async function login(
  access: AccessControl,
  { req, res, body, clientAddress, secure }: RouteContext,
): Promise<void> {
  const { config } = access;
  const input = parseLoginBody(body?.mediaType, body?.text ?? '');
  const reqId = req.headers['x-request-id'];
  const name = checkCredentials(config, input.name, input.password);
  if (name === null) {
    log.info('login refused', { reqId, remote: clientAddress });
    if (!input.form) throw new AppError('unauthorized', 'wrong name or password');
    const next = input.next ? `&next=${encodeURIComponent(safeNextPath(input.next))}` : '';
    redirect(res, `${LOGIN_PAGE_PATH}?error=1${next}`);
    return;
  }
  const { value, session } = await access.sessions.issue(name);
  log.info('login', { reqId, remote: clientAddress, name });
  res.setHeader('Set-Cookie', sessionCookieHeader(value, config.sessionTtlS, secure));
  if (input.form) redirect(res, safeNextPath(input.next));
  else sendJson(res, 200, { name, expiresAt: session.exp });
}

/**
 * `POST /api/logout`: revokes the cookie's session on the server (refused from now on, here and,
 * within SESSION_REVOCATION_MAX_LAG_MS, on every other instance; its open streams get
 * `session-expired` and its chat sockets close with 4401), then clears the cookie. A form gets
 * 303 to the login page, anything else 204. Without a session (none, expired, forged) it only
 * clears the cookie. When the store cannot record the revocation the answer is its error (503,
 * 507) and the cookie is kept, so that the user can sign out again; this process refuses the
 * session already.
 */
async function logout(access: AccessControl, { req, res, secure, clientAddress }: RouteContext) {
  const value = readSessionCookie(req.headers.cookie);
  if (value !== undefined && (await access.sessions.end(value))) {
    log.info('logout', { reqId: req.headers['x-request-id'], remote: clientAddress });
  }
  res.setHeader('Set-Cookie', clearedCookieHeader(secure));
  if (isFormRequest(req)) {
    redirect(res, LOGIN_PAGE_PATH);
    return;
  }
  res.writeHead(204, { 'Cache-Control': 'no-store' });
  res.end();
}

/** LOGIN_ATTEMPTS_PER_MINUTE as the router's rate limit of the login route. */
function loginLimiter(rate: LoginRate): RateLimiter {
  return {
    take(address): RateDecision {
      const decision = rate.take(address ?? 'unknown');
      if (decision.allowed) return { ok: true };
      log.warn('login rate limited', { remote: address });
      return { ok: false, retryAfterS: decision.retryAfterS };
    },
    describe: () => 'too many login attempts; try again later',
  };
}
