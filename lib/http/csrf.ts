import type { IncomingMessage } from 'node:http';
import type { HostPolicy } from './host-policy';
import { isOriginAllowed } from './origin-policy';

/** Methods that change state; only these are checked. */
export const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set([
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
]);

/** `Sec-Fetch-Site` values a browser sends for our own page or a user's own action. */
const SAME_ORIGIN_FETCH_SITES: ReadonlySet<string> = new Set(['same-origin', 'none']);

/**
 * Whether a request may change state. Only browsers send `Origin` or `Sec-Fetch-Site`; a
 * request with neither (curl, a script with a bearer token) passes, so the ingest contract
 * stays. A browser's request passes when its Origin is listed in ALLOWED_ORIGINS, or when it
 * is same-origin: `Sec-Fetch-Site` (if sent) is `same-origin` or `none`, and `Origin` (if sent)
 * has the request's `Host`, a host the server answers (`hosts`). `Origin: null` (a sandboxed or
 * opaque page) never passes.
 */
export function isSameOriginRequest(
  req: Pick<IncomingMessage, 'method' | 'headers'>,
  allowedOrigins: readonly string[],
  hosts: Pick<HostPolicy, 'allows'>,
): boolean {
  if (!STATE_CHANGING_METHODS.has((req.method ?? 'GET').toUpperCase())) return true;
  const origin = single(req.headers.origin);
  const fetchSite = single(req.headers['sec-fetch-site'])?.toLowerCase();
  if (origin === undefined && fetchSite === undefined) return true;
  if (origin !== undefined && isOriginAllowed(origin, undefined, allowedOrigins, hosts))
    return true;
  if (fetchSite !== undefined && !SAME_ORIGIN_FETCH_SITES.has(fetchSite)) return false;
  return origin === undefined || isOriginAllowed(origin, req.headers.host, [], hosts);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
