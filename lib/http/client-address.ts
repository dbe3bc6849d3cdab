import type { IncomingMessage } from 'node:http';

/**
 * The client's address for logs and hooks: the socket's peer, or, when `trustProxy` is set
 * (TRUST_PROXY=1 behind nginx), the first address of `X-Forwarded-For`.
 */
export function clientAddress(
  request: Pick<IncomingMessage, 'headers' | 'socket'>,
  trustProxy: boolean,
): string | undefined {
  if (trustProxy) {
    const forwarded = request.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return request.socket.remoteAddress;
}
