import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  applySecurityHeaders,
  CSP_NONCE_BYTES,
  contentSecurityPolicy,
  createNonce,
  STATIC_SECURITY_HEADERS,
  securityHeaders,
} from './security-headers';

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('createNonce', () => {
  it(`is ${CSP_NONCE_BYTES} random bytes in base64, new every time`, () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(CSP_NONCE_BYTES);
  });
});

describe('contentSecurityPolicy', () => {
  const production = directives(contentSecurityPolicy({ nonce: 'N', host: 'h:1', dev: false }));
  const development = directives(contentSecurityPolicy({ nonce: 'N', host: 'h:1', dev: true }));

  it('allows scripts only by nonce in production, with no unsafe-inline or unsafe-eval', () => {
    expect(production.get('script-src')).toBe("'self' 'nonce-N' 'strict-dynamic'");
    expect(production.get('style-src')).toBe("'self' 'nonce-N'");
  });

  it("adds 'unsafe-eval' and inline styles only in development", () => {
    expect(development.get('script-src')).toBe("'self' 'nonce-N' 'strict-dynamic' 'unsafe-eval'");
    expect(development.get('style-src')).toBe("'self' 'unsafe-inline'");
  });

  it('forbids plugins, framing, foreign bases and form targets', () => {
    expect(production.get('object-src')).toBe("'none'");
    expect(production.get('frame-ancestors')).toBe("'none'");
    expect(production.get('base-uri')).toBe("'self'");
    expect(production.get('form-action')).toBe("'self'");
  });

  it.each([
    ['localhost:3000', "'self' ws://localhost:3000 wss://localhost:3000"],
    ['dash.example.com', "'self' ws://dash.example.com wss://dash.example.com"],
    ['[::1]:3000', "'self' ws://[::1]:3000 wss://[::1]:3000"],
    [undefined, "'self'"],
    ['', "'self'"],
    ['evil;script-src *', "'self'"],
    ["h 'unsafe-inline'", "'self'"],
    ['h:99999999', "'self'"],
  ])('connect-src for Host %j is %s', (host, expected) => {
    const policy = contentSecurityPolicy({ nonce: 'N', host, dev: false });
    expect(directives(policy).get('connect-src')).toBe(expected);
    expect(policy.split(';')).toHaveLength(10);
  });
});

describe('securityHeaders', () => {
  it('lists the CSP with a fresh nonce, then every static header, as [name, value, …]', () => {
    const first = securityHeaders('h:1', { dev: false });
    const second = securityHeaders('h:1', { dev: false });

    expect(first.slice(2)).toEqual(Object.entries(STATIC_SECURITY_HEADERS).flat());
    expect(first[0]).toBe('Content-Security-Policy');
    expect(first[1]).toBe(
      contentSecurityPolicy({ nonce: nonceOf(first[1]), host: 'h:1', dev: false }),
    );
    expect(nonceOf(first[1])).not.toBe(nonceOf(second[1]));
  });
});

describe('applySecurityHeaders', () => {
  it('puts one policy on the response and on the request (where Next reads the nonce)', () => {
    const req = {
      headers: {
        host: 'h:1',
        'content-security-policy': "script-src 'nonce-client'",
        'content-security-policy-report-only': "script-src 'nonce-client'",
      },
    } as unknown as IncomingMessage;
    const set = new Map<string, string>();
    const res = { setHeader: (k: string, v: string) => set.set(k, v) } as unknown as ServerResponse;
    const headers = securityHeaders('h:1', { dev: false });

    applySecurityHeaders(req, res, headers);

    const policy = set.get('Content-Security-Policy');
    expect(policy).toBe(headers[1]);
    expect(req.headers['content-security-policy']).toBe(policy);
    expect(req.headers['content-security-policy-report-only']).toBeUndefined();
    for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) {
      expect(set.get(name)).toBe(value);
    }
  });
});

function nonceOf(policy: string | undefined): string {
  return /'nonce-([^']+)'/.exec(policy ?? '')?.[1] ?? '';
}
