import { scryptSync } from 'node:crypto';
import type { Env } from '@/lib/env';
import type { AuthUser } from './auth-env';

/** Bytes of the derived cookie key. */
export const DERIVED_SECRET_BYTES = 32;
/** Fixed salt of the key derivation: the key changes with the passwords, not per boot. */
const DERIVATION_SALT = 'pulseboard.session-cookie.v1';

/** Access control as configured: one shared password, or named users. */
export type AuthConfig = {
  /** `password`: anyone with AUTH_PASSWORD picks a display name. `users`: AUTH_USERS names. */
  mode: 'password' | 'users';
  password: string | undefined;
  users: readonly AuthUser[];
  /** HMAC-SHA256 key of the session cookie. */
  secret: Buffer;
  /** Session lifetime, in seconds. */
  sessionTtlS: number;
};

type AuthEnv = Pick<Env, 'AUTH_PASSWORD' | 'AUTH_USERS' | 'AUTH_SECRET' | 'AUTH_SESSION_TTL_S'>;

/** Whether access control is on: AUTH_PASSWORD or AUTH_USERS is set. */
export function isAuthEnabled(env: Pick<Env, 'AUTH_PASSWORD' | 'AUTH_USERS'>): boolean {
  return env.AUTH_PASSWORD !== undefined || env.AUTH_USERS !== undefined;
}

/**
 * The access-control config, or undefined when it is off. Without AUTH_SECRET the key is
 * derived from the passwords with scrypt: a restart keeps sessions, a new password ends them.
 */
export function createAuthConfig(env: AuthEnv): AuthConfig | undefined {
  if (!isAuthEnabled(env)) return undefined;
  const users = env.AUTH_USERS ?? [];
  return {
    mode: env.AUTH_USERS ? 'users' : 'password',
    password: env.AUTH_USERS ? undefined : env.AUTH_PASSWORD,
    users,
    secret: env.AUTH_SECRET
      ? Buffer.from(env.AUTH_SECRET, 'utf8')
      : deriveSecret(env.AUTH_PASSWORD, users),
    sessionTtlS: env.AUTH_SESSION_TTL_S,
  };
}

/** The cookie key derived from the configured passwords (deterministic). */
export function deriveSecret(password: string | undefined, users: readonly AuthUser[]): Buffer {
  const material = JSON.stringify({
    password: password ?? null,
    users: users.map((u) => [u.name, u.password]).sort(),
  });
  return scryptSync(material, DERIVATION_SALT, DERIVED_SECRET_BYTES);
}
