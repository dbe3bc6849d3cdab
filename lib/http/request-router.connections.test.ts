import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectionLimit } from './connection-limit';
import { HostPolicy } from './host-policy';
import { ProxyTrust } from './proxy-trust';
import { createRequestRouter } from './request-router';
import { ask, base, code, connections, echo, serveRouter } from './request-router.test-helpers';

serveRouter();

describe('createRequestRouter', () => {
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
