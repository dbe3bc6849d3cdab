import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@/lib/errors';

/**
 * Throws 401 unless the `Authorization` header value is `Bearer <token>` with the `expected`
 * token (compared in constant time).
 */
export function requireBearer(authorization: string | null | undefined, expected: string): void {
  const match = /^Bearer\s+(.+)$/i.exec((authorization ?? '').trim());
  if (!match?.[1]) {
    throw new AppError('unauthorized', 'missing Authorization: Bearer token');
  }
  const given = createHash('sha256').update(match[1]).digest();
  const wanted = createHash('sha256').update(expected).digest();
  if (!timingSafeEqual(given, wanted)) {
    throw new AppError('unauthorized', 'invalid bearer token');
  }
}
