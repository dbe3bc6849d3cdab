import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@/lib/errors';

/** Authorization schemes a bearer token may come in when a route does not say: `Bearer`. */
export const BEARER_SCHEMES: readonly string[] = ['Bearer'];

/**
 * Throws 401 unless the `Authorization` header value is `<scheme> <token>`, the scheme one of
 * `schemes` (case-insensitive; default `Bearer`; InfluxDB clients send `Token`), with the
 * `expected` token (compared in constant time).
 */
export function requireBearer(
  authorization: string | null | undefined,
  expected: string,
  schemes: readonly string[] = BEARER_SCHEMES,
): void {
  const header = (authorization ?? '').trim();
  const space = header.search(/\s/);
  const scheme = space > 0 ? header.slice(0, space).toLowerCase() : '';
  const token = space > 0 ? header.slice(space).trim() : '';
  if (!token || !schemes.some((s) => s.toLowerCase() === scheme)) {
    throw new AppError('unauthorized', `missing Authorization: ${schemes.join(' or ')} token`);
  }
  const given = createHash('sha256').update(token).digest();
  const wanted = createHash('sha256').update(expected).digest();
  if (!timingSafeEqual(given, wanted)) {
    throw new AppError('unauthorized', 'invalid bearer token');
  }
}
