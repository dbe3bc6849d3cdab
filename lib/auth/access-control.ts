import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { requireBearer } from '@/lib/http/bearer-auth';
import { clientAddress } from '@/lib/http/client-address';
import { sendNodeError } from '@/lib/http/node-response';
import type { ErrorTally } from '@/lib/observability/error-tally';
import { type AuthConfig, createAuthConfig } from './auth-config';
import { classifyRequest, loginRedirect } from './auth-gate';
import { LoginRate } from './login-rate';
import { redirect, serveLogin, serveLogout, serveSession } from './login-routes';
import { sessionFromCookie } from './request-session';
import type { Session } from './session-cookie';

/** What the gate decided: it answered the request, or the request goes on (with its session). */
export type GateResult = { handled: true } | { handled: false; session: Session | null };

/**
 * Access control for HTTP requests (on when AUTH_PASSWORD or AUTH_USERS is set): serves
 * `/api/login`, `/api/logout`, `/api/session`, and lets a request through only with a valid
 * session (or, for ingest, the INGEST_TOKEN bearer token). See docs/security.md.
 */
export class AccessControl {
  readonly config: AuthConfig;
  readonly #rate = new LoginRate();
  readonly #ingestToken: string | undefined;
  readonly #errors: ErrorTally | undefined;

  constructor(config: AuthConfig, ingestToken: string | undefined, errors?: ErrorTally) {
    this.config = config;
    this.#ingestToken = ingestToken;
    this.#errors = errors;
  }

  /** Answers the request itself (auth endpoints, 401, 303) or says it may go on. */
  gate(req: IncomingMessage, res: ServerResponse): GateResult {
    const route = classifyRequest(req.method, req.url);
    try {
      if (route === 'login') {
        const address = clientAddress(req, this.config.trustProxy) ?? 'unknown';
        serveLogin(this.config, this.#rate, address, req, res).catch((error: unknown) =>
          sendNodeError(req, res, error, this.#errors),
        );
        return { handled: true };
      }
      if (route === 'logout') serveLogout(this.config, req, res);
      else if (route === 'session') serveSession(this.config, req, res);
      else if (route === 'open') return { handled: false, session: null };
      else return this.#requireSession(route, req, res);
    } catch (error) {
      sendNodeError(req, res, error, this.#errors);
    }
    return { handled: true };
  }

  /** The valid session of a `Cookie` header, or null. */
  sessionOf(cookieHeader: string | null | undefined): Session | null {
    return sessionFromCookie(this.config, cookieHeader);
  }

  #requireSession(
    route: 'ingest' | 'api' | 'page',
    req: IncomingMessage,
    res: ServerResponse,
  ): GateResult {
    const session = this.sessionOf(req.headers.cookie);
    if (session) return { handled: false, session };
    if (route === 'page') {
      redirect(res, loginRedirect(req.url));
      return { handled: true };
    }
    if (route === 'ingest' && this.#ingestToken && req.headers.authorization) {
      requireBearer(req.headers.authorization, this.#ingestToken);
      return { handled: false, session: null };
    }
    throw new AppError('unauthorized', 'no valid session; sign in at /login');
  }
}

/** The access control of this env, or undefined when it is off. */
export function createAccessControl(env: Env, errors?: ErrorTally): AccessControl | undefined {
  const config = createAuthConfig(env);
  return config ? new AccessControl(config, env.INGEST_TOKEN, errors) : undefined;
}
