import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError } from '@/lib/errors';
import type { ErrorTally } from '@/lib/observability/error-tally';
import { clientAddress } from './client-address';
import type { IpRateLimit } from './ip-rate-limit';
import { sendNodeError } from './node-response';
import { rejectUpgrade } from './reject-upgrade';

/**
 * Takes a token from `limit` for the request's client address. Over the limit, answers
 * `429 rate_limited` with `Retry-After: <seconds>` and returns true: the caller stops there.
 */
export function refuseOverRateLimit(
  limit: IpRateLimit,
  trustProxy: boolean,
  req: IncomingMessage,
  res: ServerResponse,
  errors?: ErrorTally,
): boolean {
  const decision = limit.take(clientAddress(req, trustProxy));
  if (decision.ok) return false;
  res.setHeader('Retry-After', String(decision.retryAfterS));
  sendNodeError(req, res, rateLimited(limit, decision.retryAfterS), errors);
  return true;
}

/** The upgrade twin of `refuseOverRateLimit`: refuses the handshake with 429 + Retry-After. */
export function refuseUpgradeOverRateLimit(
  limit: IpRateLimit,
  trustProxy: boolean,
  req: IncomingMessage,
  socket: Duplex,
): boolean {
  const decision = limit.take(clientAddress(req, trustProxy));
  if (decision.ok) return false;
  const error = rateLimited(limit, decision.retryAfterS);
  rejectUpgrade(socket, error.status, error.code, error.message, {
    'Retry-After': String(decision.retryAfterS),
  });
  return true;
}

function rateLimited(limit: IpRateLimit, retryAfterS: number): AppError {
  return new AppError(
    'rate_limited',
    `more than ${limit.perMinute} requests per minute from this address; retry in ${retryAfterS} s`,
  );
}
