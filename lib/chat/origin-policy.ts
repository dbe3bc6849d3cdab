/**
 * Whether a WebSocket upgrade's Origin may connect: no Origin (a script, not a browser),
 * the same origin as the Host it asked for, or one listed in ALLOWED_ORIGINS.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowedOrigins: readonly string[],
): boolean {
  if (origin === undefined) return true;
  const normalised = origin.trim().replace(/\/+$/, '').toLowerCase();
  if (allowedOrigins.some((o) => o.toLowerCase() === normalised)) return true;
  if (!host) return false;
  try {
    const url = new URL(normalised);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host.toLowerCase()
    );
  } catch {
    return false;
  }
}
