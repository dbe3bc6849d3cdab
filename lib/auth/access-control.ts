import type { IncomingMessage } from 'node:http';
import type { Env } from '@/lib/env';
import type { AccessGate, RouteAuth } from '@/lib/http/route';
import { type AuthConfig, createAuthConfig } from './auth-config';
import { fallbackAuthOf, loginRedirect } from './auth-gate';
import { sessionFromCookie } from './request-session';
import type { Session } from './session-cookie';

/**
 * Access control (on when AUTH_PASSWORD or AUTH_USERS is set), as the request router's gate:
 * finds a request's session, says how the paths no route serves are gated, and where a page
 * without a session is sent. Its endpoints are `authRoutes` (auth-routes.ts). See
 * docs/security.md.
 */
export class AccessControl implements AccessGate {
  readonly config: AuthConfig;
  readonly #ingestToken: string | undefined;

  constructor(config: AuthConfig, ingestToken: string | undefined) {
    this.config = config;
    this.#ingestToken = ingestToken;
  }

  /** The valid session of the request's cookie, or undefined. */
  authenticate(req: IncomingMessage): Session | undefined {
    return this.sessionOf(req.headers.cookie) ?? undefined;
  }

  /** The valid session of a `Cookie` header, or null (the pages ask this too). */
  sessionOf(cookieHeader: string | null | undefined): Session | null {
    return sessionFromCookie(this.config, cookieHeader);
  }

  fallbackAuth(path: string): RouteAuth {
    return fallbackAuthOf(path, this.#ingestToken);
  }

  loginUrl(url: string | undefined): string {
    return loginRedirect(url);
  }
}

/** The access control of this env, or undefined when it is off. */
export function createAccessControl(env: Env): AccessControl | undefined {
  const config = createAuthConfig(env);
  return config ? new AccessControl(config, env.INGEST_TOKEN) : undefined;
}
