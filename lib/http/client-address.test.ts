import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

const request = (forwarded?: string | string[]) =>
  ({
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
    socket: { remoteAddress: '127.0.0.1' },
  }) as unknown as Parameters<typeof clientAddress>[0];

describe('clientAddress', () => {
  it('ignores X-Forwarded-For unless the proxy is trusted', () => {
    expect(clientAddress(request('203.0.113.9'), false)).toBe('127.0.0.1');
  });

  it('takes the first forwarded address from a trusted proxy', () => {
    expect(clientAddress(request('203.0.113.9, 10.0.0.1'), true)).toBe('203.0.113.9');
  });

  it('falls back to the socket when a trusted proxy sent no header', () => {
    expect(clientAddress(request(), true)).toBe('127.0.0.1');
    expect(clientAddress(request(' '), true)).toBe('127.0.0.1');
  });
});
