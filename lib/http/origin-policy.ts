import type { HostPolicy } from './host-policy';

/**
 * Whether a browser's `Origin` may write (CSRF check) or open a WebSocket: no Origin (a
 * script, not a browser), an origin listed in ALLOWED_ORIGINS, or our own origin: the same
 * host and port as the request's `Host`, and that host one the server answers (HostPolicy),
 * so a rebound name never counts as ours even if a Host check were skipped. The scheme is not
 * compared: a TLS-terminating proxy forwards `https://` pages over `http://`.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowedOrigins: readonly string[],
  hosts: Pick<HostPolicy, 'allows'>,
): boolean {
  if (origin === undefined) return true;
  const normalised = origin.trim().replace(/\/+$/, '').toLowerCase();
  if (allowedOrigins.some((o) => o.toLowerCase() === normalised)) return true;
  if (!host) return false;
  try {
    const url = new URL(normalised);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.host === host.toLowerCase() &&
      hosts.allows(url.host)
    );
  } catch {
    return false;
  }
}
