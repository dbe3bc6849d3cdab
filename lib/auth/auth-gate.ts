import type { RouteAuth } from '@/lib/http/route';

/** Paths anyone may request with access control on (health checks, the login page, assets). */
export const OPEN_PATHS: ReadonlySet<string> = new Set([
  '/api/health',
  '/login',
  '/favicon.ico',
  // Keeps its own METRICS_TOKEN rule.
  '/metrics',
]);
/** Path prefixes anyone may request: Next's hashed build assets (the login page needs them). */
export const OPEN_PREFIXES: readonly string[] = ['/_next/static/'];
/** The ingest path: a session or, for scripts, the INGEST_TOKEN bearer token. */
const INGEST_PATH = '/api/metrics';

/**
 * How access control gates a request that no route serves, by its resolved path (see
 * `resolvedPath`: `/_next/static/../../api/stream` is `/api/stream`, not open): `public` for
 * the open paths, a session or the bearer token for ingest, a session (else 401) under `/api`,
 * and a session (else 303 to the login page) for every other path: the pages.
 */
export function fallbackAuthOf(path: string, ingestToken: string | undefined): RouteAuth {
  if (OPEN_PATHS.has(path) || OPEN_PREFIXES.some((p) => path.startsWith(p))) return 'public';
  if (path === INGEST_PATH) return { bearer: ingestToken, orSession: true };
  if (path === '/api' || path.startsWith('/api/')) return 'session';
  return 'page';
}

/** The login page URL that brings the user back to `url` afterwards. */
export function loginRedirect(url: string | undefined): string {
  const back = url && url !== '/' ? `?next=${encodeURIComponent(url)}` : '';
  return `/login${back}`;
}
