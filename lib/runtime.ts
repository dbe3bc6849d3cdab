import type { AccessControl } from './auth/access-control';

/**
 * What the Next pages read of the running server: access control (to show the signed-in name
 * and the login form). server.ts parks it on `globalThis` because Next's page bundles load
 * their own copies of every module. Every API endpoint is a route of the request router
 * (server.ts), which is handed what it needs directly; nothing else goes through here.
 */
export type PageRuntime = {
  /** Access control (AUTH_PASSWORD / AUTH_USERS); undefined when it is off. */
  access?: Pick<AccessControl, 'config' | 'sessionOf'> | undefined;
};

const RUNTIME_KEY = Symbol.for('pulseboard.runtime');
type Holder = { [RUNTIME_KEY]?: PageRuntime };

/** Stores what the pages read. */
export function setRuntime(runtime: PageRuntime | undefined): void {
  (globalThis as Holder)[RUNTIME_KEY] = runtime;
}

/** What the pages read, or undefined when the server was not started through server.ts. */
export function findRuntime(): PageRuntime | undefined {
  return (globalThis as Holder)[RUNTIME_KEY];
}
