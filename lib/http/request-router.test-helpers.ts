import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { AppError } from '@/lib/errors';
import { ConnectionLimit } from './connection-limit';
import { HostPolicy } from './host-policy';
import { sendJson } from './http-response';
import { IpRateLimit } from './ip-rate-limit';
import { ProxyTrust } from './proxy-trust';
import { createRequestRouter } from './request-router';
import type { AccessGate, Route } from './route';

/** Shared setup of the request-router tests: one router over these routes, served per test file. */
export const counted: string[] = [];
export const connections = new ConnectionLimit({ maxPerAddress: 1 });
export const echo: Route['handler'] = ({ res, body, clientAddress, session }) =>
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
export let base: string;

/** Starts the router on a free port before the file's tests and stops it after them. */
export function serveRouter(): void {
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
}

export async function ask(path: string, init: RequestInit = {}) {
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

export const code = (value: unknown) => (value as { error?: { code?: string } }).error?.code;
