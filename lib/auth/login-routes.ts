import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@/lib/errors';
import { sendJson } from '@/lib/http/node-response';
import { log } from '@/lib/logger';
import type { AuthConfig } from './auth-config';
import { checkCredentials } from './check-password';
import { isFormRequest, type LoginInput, readLoginBody } from './login-body';
import type { LoginRate } from './login-rate';
import { sessionFromCookie } from './request-session';
import { safeNextPath } from './safe-next-path';
import { clearedCookieHeader, sessionCookieHeader, signSession } from './session-cookie';

/** The login page's path. */
export const LOGIN_PAGE_PATH = '/login';

/**
 * `POST /api/login`: counts the attempt against the client address (429 with Retry-After past
 * LOGIN_ATTEMPTS_PER_MINUTE), checks the credentials, and sets the session cookie. A form gets
 * 303 to `next` (or back to the login page with `?error=1`); JSON gets 200 or 401.
 */
export async function serveLogin(
  config: AuthConfig,
  rate: LoginRate,
  address: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const decision = rate.take(address);
  if (!decision.allowed) {
    log.warn('login rate limited', { reqId: req.headers['x-request-id'], remote: address });
    res.setHeader('Retry-After', String(decision.retryAfterS));
    throw new AppError('rate_limited', 'too many login attempts; try again later');
  }
  const input = await readLoginBody(req);
  const name = checkCredentials(config, input.name, input.password);
  if (name === null) {
    log.info('login refused', { reqId: req.headers['x-request-id'], remote: address });
    return refuse(input, res);
  }
  log.info('login', { reqId: req.headers['x-request-id'], remote: address, name });
  const exp = Date.now() + config.sessionTtlS * 1000;
  const cookie = sessionCookieHeader(
    signSession({ name, exp }, config.secret),
    config.sessionTtlS,
    isHttps(req, config.trustProxy),
  );
  res.setHeader('Set-Cookie', cookie);
  if (input.form) redirect(res, safeNextPath(input.next));
  else sendJson(res, 200, { name, expiresAt: exp });
}

/** `POST /api/logout`: clears the cookie; 303 to the login page for a form, 204 otherwise. */
export function serveLogout(config: AuthConfig, req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Set-Cookie', clearedCookieHeader(isHttps(req, config.trustProxy)));
  if (isFormRequest(req)) {
    redirect(res, LOGIN_PAGE_PATH);
    return;
  }
  res.writeHead(204, { 'Cache-Control': 'no-store' });
  res.end();
}

/** `GET /api/session`: 200 `{name, expiresAt}` for a valid session, else 401. */
export function serveSession(config: AuthConfig, req: IncomingMessage, res: ServerResponse): void {
  const session = sessionFromCookie(config, req.headers.cookie);
  if (!session) throw new AppError('unauthorized', 'no valid session; sign in at /login');
  sendJson(res, 200, { name: session.name, expiresAt: session.exp });
}

/** 303 See Other to `location` (never cached). */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', 'Content-Length': 0 });
  res.end();
}

/** Whether the client reached us over https (directly, or via a trusted proxy's header). */
export function isHttps(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  if (!trustProxy) return false;
  const proto = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

function refuse(input: LoginInput, res: ServerResponse): void {
  if (!input.form) throw new AppError('unauthorized', 'wrong name or password');
  const next = input.next ? `&next=${encodeURIComponent(safeNextPath(input.next))}` : '';
  redirect(res, `${LOGIN_PAGE_PATH}?error=1${next}`);
}
