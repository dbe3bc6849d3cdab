import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const EXPECTED_STATIC_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};
const NONCE = /'nonce-([A-Za-z0-9+/]{22}==)'/;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());

describe('security headers', () => {
  it.each([
    { name: 'the page', path: '/', init: {}, status: 200 },
    { name: 'the health check', path: '/api/health', init: {}, status: 200 },
    { name: 'a 404', path: '/no-such-page', init: {}, status: 404 },
    { name: '/metrics', path: '/metrics', init: {}, status: 200 },
    {
      name: 'an ingest POST',
      path: '/api/metrics',
      init: {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ samples: [{ series: 'h.a', value: 1 }] }),
      },
      status: 200,
    },
    {
      name: 'an ingest error',
      path: '/api/metrics',
      init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' },
      status: 400,
    },
  ])('are on $name', async ({ path, init, status }) => {
    const response = await fetch(`${server.url}${path}`, init);
    await response.arrayBuffer();

    expect(response.status).toBe(status);
    expectSecurityHeaders(response.headers);
  });

  it('are on the SSE stream', async () => {
    await expectStreamHeaders(server.url);
  });

  it('give each page load a fresh nonce that every <script> of the page carries', async () => {
    const first = await loadPage();
    const second = await loadPage();

    expect(first.nonce).not.toBe(second.nonce);
    for (const page of [first, second]) {
      expect(page.scriptNonces.length).toBeGreaterThan(0);
      expect(new Set(page.scriptNonces)).toEqual(new Set([page.nonce]));
    }
  });

  it('allow no inline script without the nonce in production', async () => {
    const { policy } = await loadPage();
    const scriptSrc = directive(policy, 'script-src');

    expect(scriptSrc).toMatch(/^script-src 'self' 'nonce-[^']+' 'strict-dynamic'$/);
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
  });

  it('replace a CSP the client sent (a client cannot choose the nonce)', async () => {
    const response = await fetch(`${server.url}/`, {
      headers: { 'Content-Security-Policy': "script-src 'nonce-chosenbyclient'" },
    });
    const html = await response.text();

    expect(html).not.toContain('chosenbyclient');
    expect(response.headers.get('content-security-policy')).not.toContain('chosenbyclient');
  });

  it('let the chat socket of the same host through connect-src', async () => {
    const { policy } = await loadPage();

    expect(directive(policy, 'connect-src')).toBe(
      `connect-src 'self' ws://127.0.0.1:${server.port} wss://127.0.0.1:${server.port}`,
    );
  });

  it.each(['evil.example;script-src *', "evil.example 'unsafe-inline'"])(
    'do not echo a malformed Host (%s) into connect-src',
    async (host) => {
      const policy = await policyFor(`${server.url}/api/health`, host);

      expect(directive(policy, 'connect-src')).toBe("connect-src 'self'");
      expect(directive(policy, 'script-src')).toMatch(/^script-src 'self' 'nonce-/);
    },
  );

  it('echo a well-formed Host of another name (a proxy in front)', async () => {
    const policy = await policyFor(`${server.url}/api/health`, 'dash.example.com:8443');

    expect(directive(policy, 'connect-src')).toBe(
      "connect-src 'self' ws://dash.example.com:8443 wss://dash.example.com:8443",
    );
  });
});

async function expectStreamHeaders(url: string): Promise<void> {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/stream`, { signal: controller.signal });
  try {
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expectSecurityHeaders(response.headers);
  } finally {
    controller.abort();
  }
}

function expectSecurityHeaders(headers: Headers): void {
  for (const [name, value] of Object.entries(EXPECTED_STATIC_HEADERS)) {
    expect(headers.get(name), name).toBe(value);
  }
  const policy = headers.get('content-security-policy') ?? '';
  expect(policy).toMatch(NONCE);
  for (const part of [
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ]) {
    expect(policy).toContain(part);
  }
}

async function loadPage(headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/`, { headers });
  const html = await response.text();
  const policy = response.headers.get('content-security-policy') ?? '';
  const nonce = NONCE.exec(policy)?.[1];
  const scriptNonces = [...html.matchAll(/<script\b[^>]*>/g)].map(
    (tag) => /\snonce="([^"]*)"/.exec(tag[0])?.[1],
  );
  return { policy, nonce, scriptNonces };
}

function directive(policy: string, name: string): string | undefined {
  return policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));
}

/** The CSP answered to a GET sent with this exact Host header (fetch would replace it). */
function policyFor(url: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { Host: host }, agent: false }, (response) => {
      response.resume();
      resolve(String(response.headers['content-security-policy'] ?? ''));
    });
    request.once('error', reject);
  });
}
