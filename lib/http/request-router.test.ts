import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { ConnectionLimit } from './connection-limit';
import { HostPolicy } from './host-policy';
import { sendJson } from './http-response';
import { IpRateLimit } from './ip-rate-limit';
import { ProxyTrust } from './proxy-trust';
import { createRequestRouter } from './request-router';
import type { AccessGate, Route } from './route';

const counted: string[] = [];
const connections = new ConnectionLimit({ maxPerAddress: 1 });
const echo: Route['handler'] = ({ res, body, clientAddress, session }) =>
  sendJson(res, 200, { body: body ?? null, clientAddress, session: session ?? null });
const routes: Route[] = [
  {
    methods: ['GET', 'HEAD'],
    path: '/health',
    auth: 'public',
    otherMethods: 'not_allowed',
    handler: echo,
  },
  {
    methods: ['POST'],
    path: '/limited',
    auth: 'public',
    rateLimit: new IpRateLimit({ perMinute: 1 }),
    handler: echo,
  },
  { methods: ['POST'], path: '/body', auth: 'public', bodyMaxBytes: 8, handler: echo },
  { methods: ['GET'], path: '/private', auth: 'session', handler: echo },
  { methods: ['GET'], path: '/page', auth: 'page', handler: echo },
  {
    methods: '*',
    path: '/any',
    auth: 'public',
    handler: ({ req, res }) => sendJson(res, 200, { method: req.method }),
  },
  {
    methods: ['GET'],
    path: '/held',
    auth: 'public',
    connections,
    handler: ({ res }) => {
      res.writeHead(200).write('open');
    },
  },
  {
    methods: ['DELETE'],
    path: '/things/:id',
    auth: 'session',
    otherMethods: 'not_allowed',
    handler: ({ res, params }) => sendJson(res, 200, { params }),
  },
  {
    methods: ['GET'],
    path: '/own-head',
    auth: 'public',
    writesHead: true,
    rateLimit: new IpRateLimit({ perMinute: 1 }),
    handler: ({ res, head, url }) => {
      if (url.searchParams.has('throw')) throw new AppError('conflict', 'refused');
      res.writeHead(200, [...head, 'X-Set-Before', res.getHeaderNames().join(',') || 'none']);
      res.end();
    },
  },
  {
    methods: ['GET'],
    path: '/throws',
    auth: 'public',
    handler: ({ url }) => {
      throw url.searchParams.has('known') ? new AppError('conflict', 'known') : new Error('secret');
    },
  },
  {
    methods: ['POST'],
    path: '/own-errors',
    auth: 'public',
    bodyMaxBytes: 4,
    errorBody: (req, error) => ({
      contentType: 'text/x-own',
      body: `${req.method} ${error.status} ${error.code}: ${error.message}`,
    }),
    handler: () => {
      throw new AppError('conflict', 'no');
    },
  },
];
const access: AccessGate = {
  authenticate: async (req) => (req.headers.cookie === 'ok' ? { name: 'ada', exp: 1 } : undefined),
  fallbackAuth: (path) => (path.startsWith('/api/') ? 'session' : 'public'),
  loginUrl: (url) => `/login?next=${url}`,
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer(
    createRequestRouter({
      routes,
      fallback: (_req, res) => sendJson(res, 200, { fallback: true }),
      hosts: new HostPolicy('127.0.0.1'),
      trust: new ProxyTrust({ hops: 1 }),
      access,
      allowedOrigins: [],
      body: { timeoutMs: 300 },
      errors: { count: (code) => counted.push(code) },
      dev: false,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

async function ask(path: string, init: RequestInit = {}) {
  const response = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body };
}

const code = (value: unknown) => (value as { error?: { code?: string } }).error?.code;

describe('createRequestRouter', () => {
  it('gives every answer, a refusal included, a request id and the security headers', async () => {
    for (const answer of [await ask('/health'), await ask('/private'), await ask('/nope')]) {
      expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });

  it('leaves the head of a route that writes it itself to that route, its headers first', async () => {
    const answer = await ask('/own-head', { headers: { 'X-Forwarded-For': '192.0.2.7' } });

    expect(answer.headers.get('x-set-before')).toBe('none');
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
  });

  it.each([
    ['the handler throws', '/own-head?throw', '192.0.2.8', 409],
    ['its rate limit refuses', '/own-head', '192.0.2.9', 429],
  ])(
    'still gives a route that writes its own head the headers when %s',
    async (_, path, from, status) => {
      if (status === 429) await ask(path, { headers: { 'X-Forwarded-For': from } });
      const answer = await ask(path, { headers: { 'X-Forwarded-For': from } });

      expect(answer.status).toBe(status);
      expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
    },
  );

  it('refuses a Host it does not serve before anything else, the fallback included', async () => {
    const { Agent, request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = request(`${base}/nope`, {
        agent: new Agent(),
        headers: { Host: 'evil.example' },
      });
      req.once('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.end();
    });
    expect(status).toBe(403);
    expect(counted).toContain('host_not_allowed');
  });

  it('checks the cross-site rule before the rate limit: a refused POST does not use the budget', async () => {
    const crossSite = await ask('/limited', {
      method: 'POST',
      headers: { Origin: 'https://evil.example' },
    });
    const first = await ask('/limited', {
      method: 'POST',
      headers: { 'X-Forwarded-For': '192.0.2.1' },
    });
    const second = await ask('/limited', {
      method: 'POST',
      headers: { 'X-Forwarded-For': '192.0.2.1' },
    });

    expect([crossSite.status, first.status, second.status]).toEqual([403, 200, 429]);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(first.body).toMatchObject({ clientAddress: '192.0.2.1' });
  });

  it('applies the gate: 401 for a session route, 303 for a page, the session handed on', async () => {
    expect((await ask('/private')).status).toBe(401);
    expect(await ask('/private', { headers: { Cookie: 'ok' } })).toMatchObject({
      status: 200,
      body: { session: { name: 'ada' } },
    });
    const page = await ask('/page?x=1');
    expect([page.status, page.headers.get('location')]).toEqual([303, '/login?next=/page?x=1']);
  });

  it('gates what goes to the fallback by its resolved path', async () => {
    expect((await ask('/api/x')).status).toBe(401);
    expect((await ask('/static/../api/x')).status).toBe(401);
    expect(await ask('/other')).toEqual(
      expect.objectContaining({ status: 200, body: { fallback: true } }),
    );
  });

  it('answers a method a not_allowed path does not list with 405, OPTIONS with 204, both with Allow', async () => {
    const post = await ask('/health', { method: 'POST' });
    const options = await ask('/health', { method: 'OPTIONS' });

    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
    expect([options.status, options.headers.get('allow')]).toEqual([204, 'GET, HEAD, OPTIONS']);
    expect((await ask('/body')).body).toEqual({ fallback: true });
    expect((await ask('/any', { method: 'DELETE' })).body).toEqual({ method: 'DELETE' });
  });

  it('reads the body before the handler: 415, 413, and exactly bodyMaxBytes passes', async () => {
    const post = (body: string, type = 'application/json') =>
      ask('/body', { method: 'POST', headers: { 'Content-Type': type }, body });

    expect(code((await post('{}', 'text/plain')).body)).toBe('unsupported_media_type');
    expect(code((await post('"1234567"+')).body)).toBe('payload_too_large');
    expect((await post('"123456"')).body).toMatchObject({
      body: { mediaType: 'application/json', text: '"123456"' },
    });
  });

  it('maps a known error to its answer and an unknown one to a generic 500', async () => {
    expect(await ask('/throws?known')).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict' } },
    });
    expect(await ask('/throws')).toMatchObject({
      status: 500,
      body: { error: { code: 'internal_error', message: 'Internal server error' } },
    });
  });

  it('lets a route write its error answers in its own shape, status and count unchanged', async () => {
    const post = (body: string) =>
      fetch(`${base}/own-errors`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      }).then(async (r) => [r.status, r.headers.get('content-type'), await r.text()]);
    counted.length = 0;
    expect(await post('{}')).toEqual([409, 'text/x-own', 'POST 409 conflict: no']);
    // Refused before the body was read (the answer then waits for the rest of the body).
    expect(await post('"too long"')).toEqual([
      413,
      'text/x-own',
      'POST 413 payload_too_large: body is larger than 4 bytes',
    ]);
    expect(counted).toEqual(['conflict', 'payload_too_large']);
  });

  it('holds a connection slot while the response lasts and gives it back when it closes', async () => {
    const held = new AbortController();
    const first = await fetch(`${base}/held`, {
      signal: held.signal,
      headers: { 'X-Forwarded-For': '192.0.2.9' },
    });
    const refused = await ask('/held', { headers: { 'X-Forwarded-For': '192.0.2.9' } });
    held.abort();
    await first.body?.cancel().catch(() => undefined);
    await expect.poll(() => connections.count('192.0.2.9')).toBe(0);

    expect([first.status, refused.status, code(refused.body)]).toEqual([
      200,
      429,
      'too_many_connections',
    ]);
  });
});

describe('a route with a parameter segment', () => {
  const del = (path: string, headers: Record<string, string> = { Cookie: 'ok' }) =>
    ask(path, { method: 'DELETE', headers });

  it('hands the decoded segment to the handler, behind the same checks as any route', async () => {
    expect(await del('/things/a%20b%3Ac')).toMatchObject({
      status: 200,
      body: { params: { id: 'a b:c' } },
    });
    expect((await del('/things/x', {})).status).toBe(401);
    expect((await del('/things/x', { Cookie: 'ok', Origin: 'https://evil.example' })).status).toBe(
      403,
    );
    const get = await ask('/things/x', { headers: { Cookie: 'ok' } });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'DELETE, OPTIONS']);
    expect((await del('/things/x/y')).body).toEqual({ fallback: true });
  });

  it('refuses a malformed percent-encoding with 400, after the gate', async () => {
    expect(await del('/things/%E0%A4%A')).toMatchObject({
      status: 400,
      body: { error: { code: 'bad_request' } },
    });
    expect((await del('/things/%E0%A4%A', {})).status).toBe(401);
  });
});

describe('a client that leaves while the gate is still deciding', () => {
  it('takes no connection slot and gets no answer', async () => {
    const slots = new ConnectionLimit({ maxPerAddress: 1 });
    let decide: (session: { name: string; exp: number }) => void = () => {};
    let serverSocketClosed: Promise<void> = Promise.resolve();
    const slow = createServer(
      createRequestRouter({
        routes: [
          { methods: ['GET'], path: '/held', auth: 'session', connections: slots, handler: echo },
        ],
        fallback: (_req, res) => res.end(),
        hosts: new HostPolicy('127.0.0.1'),
        trust: new ProxyTrust(),
        access: {
          authenticate: (req) => {
            serverSocketClosed = new Promise((resolve) => req.socket.once('close', resolve));
            return new Promise((resolve) => {
              decide = resolve;
            });
          },
          fallbackAuth: () => 'public',
          loginUrl: () => '/login',
        },
        allowedOrigins: [],
        body: { timeoutMs: 1000 },
        dev: false,
      }),
    );
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const { port } = slow.address() as AddressInfo;
    const { request } = await import('node:http');
    const req = request({ port, host: '127.0.0.1', path: '/held', agent: false });
    req.on('error', () => {});
    const asked = new Promise<void>((resolve) => slow.once('request', () => setImmediate(resolve)));
    req.end();
    await asked;

    req.destroy();
    await serverSocketClosed;
    decide({ name: 'ada', exp: 1 });
    await new Promise((resolve) => setImmediate(resolve));

    expect(slots.count('127.0.0.1')).toBe(0);
    await new Promise((resolve) => slow.close(resolve));
  });
});
