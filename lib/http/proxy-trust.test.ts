import { describe, expect, it } from 'vitest';
import { ProxyTrust, parseTrustProxy, TRUST_PROXY_MAX_HOPS, type TrustProxy } from './proxy-trust';

const request = (peer: string, headers: Record<string, string | string[]> = {}) => ({
  headers,
  socket: { remoteAddress: peer } as never,
});
const trust = (setting: string) => new ProxyTrust(parseTrustProxy(setting) as TrustProxy);

describe('parseTrustProxy', () => {
  it.each([
    ['0', { hops: 0 }],
    ['false', { hops: 0 }],
    ['', { hops: 0 }],
    ['1', { hops: 1 }],
    ['true', { hops: 1 }],
    ['TRUE', { hops: 1 }],
    ['2', { hops: 2 }],
    [String(TRUST_PROXY_MAX_HOPS), { hops: TRUST_PROXY_MAX_HOPS }],
    ['loopback, 10.0.0.0/8', { list: ['loopback', '10.0.0.0/8'] }],
    ['192.0.2.1,fd00::/8', { list: ['192.0.2.1', 'fd00::/8'] }],
  ])('reads %j', (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual(expected);
  });

  it.each([
    String(TRUST_PROXY_MAX_HOPS + 1),
    'yes',
    '10.0.0.0/33',
    '10.0.0.0/8/1',
    'nginx.local',
    '-1',
  ])('refuses %j with a sentence', (raw) => {
    expect(parseTrustProxy(raw)).toEqual(expect.any(String));
  });
});

describe('ProxyTrust.clientAddress', () => {
  it('is the socket peer when nobody is trusted, whatever X-Forwarded-For says', () => {
    expect(
      trust('0').clientAddress(request('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })),
    ).toBe('127.0.0.1');
  });

  it('takes the rightmost entry through one trusted hop: what the proxy appended, not what the client sent', () => {
    const through = trust('1');
    for (let i = 0; i < 15; i++) {
      const req = request('127.0.0.1', { 'x-forwarded-for': `10.9.0.${i}, 203.0.113.7` });
      expect(through.clientAddress(req)).toBe('203.0.113.7');
    }
  });

  it('counts N hops from the socket', () => {
    const req = request('127.0.0.1', { 'x-forwarded-for': 'spoofed, 198.51.100.4, 10.0.0.2' });
    expect(trust('2').clientAddress(req)).toBe('198.51.100.4');
    expect(trust('3').clientAddress(req)).toBe('spoofed');
    expect(trust('9').clientAddress(req)).toBe('spoofed');
  });

  it('joins repeated X-Forwarded-For headers in order', () => {
    const req = request('127.0.0.1', { 'x-forwarded-for': ['1.1.1.1', '203.0.113.8'] });
    expect(trust('1').clientAddress(req)).toBe('203.0.113.8');
  });

  it('falls back to the socket when a trusted proxy sent no header', () => {
    expect(trust('1').clientAddress(request('127.0.0.1'))).toBe('127.0.0.1');
    expect(trust('1').clientAddress(request('127.0.0.1', { 'x-forwarded-for': ' , ' }))).toBe(
      '127.0.0.1',
    );
  });

  it('with a list, skips trusted proxies from the right and stops at the first untrusted address', () => {
    const list = trust('loopback, 10.0.0.0/8');
    const req = request('::ffff:127.0.0.1', {
      'x-forwarded-for': '10.9.0.1, 203.0.113.7, 10.1.2.3',
    });
    expect(list.clientAddress(req)).toBe('203.0.113.7');
    expect(list.clientAddress(request('192.0.2.50', { 'x-forwarded-for': '203.0.113.7' }))).toBe(
      '192.0.2.50',
    );
  });

  it('with a list, takes the leftmost address when every hop is trusted', () => {
    const req = request('127.0.0.1', { 'x-forwarded-for': '10.0.0.9, 10.0.0.8' });
    expect(trust('loopback,uniquelocal').clientAddress(req)).toBe('10.0.0.9');
  });

  it('reads an IPv4-mapped socket address as IPv4', () => {
    expect(trust('0').clientAddress(request('::ffff:192.0.2.1'))).toBe('192.0.2.1');
  });
});

describe('ProxyTrust.isHttps', () => {
  const https = { 'x-forwarded-proto': 'https' };

  it('believes X-Forwarded-Proto only from a trusted peer', () => {
    expect(trust('1').isHttps(request('127.0.0.1', https))).toBe(true);
    expect(trust('0').isHttps(request('127.0.0.1', https))).toBe(false);
    expect(trust('10.0.0.0/8').isHttps(request('127.0.0.1', https))).toBe(false);
    expect(trust('loopback').isHttps(request('127.0.0.1', https))).toBe(true);
  });

  it('is false for http or no header', () => {
    expect(trust('1').isHttps(request('127.0.0.1', { 'x-forwarded-proto': 'http' }))).toBe(false);
    expect(trust('1').isHttps(request('127.0.0.1'))).toBe(false);
  });
});
