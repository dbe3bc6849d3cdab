import { pathOf } from '@/lib/http/path-of';

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

/**
 * What the gate does with a request: the auth endpoints, `open`, `ingest` (session or bearer
 * token), `api` (session, else 401) or `page` (session, else 303 to the login page).
 */
export type GateRoute = 'login' | 'logout' | 'session' | 'open' | 'ingest' | 'api' | 'page';

/**
 * Classifies a request by method and its resolved path (dot segments removed, as any URL
 * parser downstream would), so `/_next/static/../../api/stream` is `api`, not open.
 */
export function classifyRequest(method: string | undefined, url: string | undefined): GateRoute {
  const path = resolvedPath(url);
  if (path === '/api/login' && method === 'POST') return 'login';
  if (path === '/api/logout' && method === 'POST') return 'logout';
  if (path === '/api/session' && method === 'GET') return 'session';
  if (OPEN_PATHS.has(path) || OPEN_PREFIXES.some((p) => path.startsWith(p))) return 'open';
  if (path === '/api/metrics') return 'ingest';
  if (path === '/api' || path.startsWith('/api/')) return 'api';
  return 'page';
}

/** The login page URL that brings the user back to `url` afterwards. */
export function loginRedirect(url: string | undefined): string {
  const back = url && url !== '/' ? `?next=${encodeURIComponent(url)}` : '';
  return `/login${back}`;
}

function resolvedPath(url: string | undefined): string {
  const raw = pathOf(url);
  try {
    // Concatenated, not resolved against a base: `//host/x` must stay a path, not a host.
    return new URL(`http://localhost${raw}`).pathname;
  } catch {
    return raw;
  }
}
