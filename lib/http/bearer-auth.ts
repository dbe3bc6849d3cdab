import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@/lib/errors';

/** Throws 401 unless `Authorization: Bearer <token>` matches `expected` (constant time). */
export function requireBearer(headers: Headers, expected: string): void {
  const header = headers.get('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match?.[1]) {
    throw new AppError('unauthorized', 'missing Authorization: Bearer token');
  }
  const given = createHash('sha256').update(match[1]).digest();
  const wanted = createHash('sha256').update(expected).digest();
  if (!timingSafeEqual(given, wanted)) {
    throw new AppError('unauthorized', 'invalid bearer token');
  }
}
