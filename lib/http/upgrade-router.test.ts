import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionLimit } from './connection-limit';
import { HostPolicy } from './host-policy';
import { IpRateLimit } from './ip-rate-limit';
import { ProxyTrust } from './proxy-trust';
import type { UpgradeContext } from './route';
import { createUpgradeRouter } from './upgrade-router';

const accepted: UpgradeContext[] = [];
const connections = new ConnectionLimit({ maxPerAddress: 1 });
let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer();
  server.on(
    'upgrade',
    createUpgradeRouter({
      routes: [
        {
          path: '/ws',
          auth: 'session',
          rateLimit: new IpRateLimit({ perMinute: 3 }),
          connections,
          handler: (ctx) => {
            accepted.push(ctx);
            // As a WebSocket server would: read the socket, close it when the client does.
            ctx.socket.on('data', () => {});
            ctx.socket.once('end', () => ctx.socket.destroy());
            ctx.socket.write('HTTP/1.1 101 Switching Protocols\r\n\r\n');
          },
        },
      ],
      hosts: new HostPolicy('127.0.0.1'),
      trust: new ProxyTrust({ hops: 1 }),
      access: {
        authenticate: (req) => (req.headers.cookie === 'ok' ? { name: 'ada', exp: 1 } : undefined),
        fallbackAuth: () => 'session',
        loginUrl: () => '/login',
      },
      allowedOrigins: [],
      dev: true,
      next: (_req, socket) => socket.end('HTTP/1.1 418 Next\r\n\r\n'),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  for (const ctx of accepted) ctx.socket.destroy();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

/** Sends an upgrade request; resolves with the status line, the raw answer and the socket. */
function upgrade(path: string, headers: Record<string, string> = {}) {
  const socket = connect(port, '127.0.0.1');
  const all = { Host: `127.0.0.1:${port}`, Cookie: 'ok', ...headers };
  const lines = Object.entries(all).map(([k, v]) => `${k}: ${v}\r\n`);
  socket.write(
    `GET ${path} HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${lines.join('')}\r\n`,
  );
  return new Promise<{ status: number; raw: string; socket: typeof socket }>((resolve) => {
    socket.once('data', (chunk: Buffer) => {
      const raw = chunk.toString();
      resolve({ status: Number(raw.slice(9, 12)), raw, socket });
    });
  });
}

describe('createUpgradeRouter', () => {
  it('refuses a Host it does not serve on every path, with 403 host_not_allowed', async () => {
    for (const path of ['/ws', '/nope', '/_next/hmr']) {
      const answer = await upgrade(path, { Host: 'rebind.attacker.example' });
      expect([answer.status, answer.raw.includes('"host_not_allowed"')]).toEqual([403, true]);
    }
  });

  it('answers an unknown path with 404 and hands /_next/ to Next in development', async () => {
    expect((await upgrade('/nope')).status).toBe(404);
    expect((await upgrade('/_next/hmr?id=1')).status).toBe(418);
  });

  it('checks the session (401), then the origin (403)', async () => {
    const noSession = await upgrade('/ws', { Cookie: 'no', 'X-Forwarded-For': '192.0.2.1' });
    const foreign = await upgrade('/ws', {
      Origin: 'https://evil.example',
      'X-Forwarded-For': '192.0.2.1',
    });
    expect([noSession.status, foreign.status]).toEqual([401, 403]);
  });

  it('applies the rate limit with Retry-After', async () => {
    const from = { 'X-Forwarded-For': '192.0.2.2', Cookie: 'no' };
    for (let i = 0; i < 3; i++) await upgrade('/ws', from);
    const fourth = await upgrade('/ws', from);
    expect(fourth.status).toBe(429);
    expect(fourth.raw).toContain('"rate_limited"');
    expect(fourth.raw).toMatch(/\r\nRetry-After: \d+\r\n/);
  });

  it('hands the client address and session on, holds a slot until the socket closes', async () => {
    const from = { 'X-Forwarded-For': '192.0.2.3' };
    const first = await upgrade('/ws', from);
    const second = await upgrade('/ws', from);
    first.socket.destroy();
    await expect.poll(() => connections.count('192.0.2.3')).toBe(0);
    const third = await upgrade('/ws', from);

    expect([first.status, second.status, third.status]).toEqual([101, 429, 101]);
    expect(second.raw).toContain('"too_many_connections"');
    expect(accepted.at(-1)).toMatchObject({ clientAddress: '192.0.2.3', session: { name: 'ada' } });
    third.socket.destroy();
  });
});
