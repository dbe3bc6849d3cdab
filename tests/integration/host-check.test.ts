import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openChat, refusedUpgrade } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { getHealth } from './helpers/http-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const ATTACKER = 'rebind.attacker.example';
const PROXY_NAME = 'dash.example.com';

type Answer = { status: number; body: unknown };

/** Sends a request with the given Host (fetch cannot set it) and reads the JSON or text body. */
function send(
  server: TestServer,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: server.port,
      method,
      path,
      headers,
      agent: false,
    });
    req.once('error', reject);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      // A stream that was let through never ends: its status is the answer.
      if (res.headers['content-type'] === 'text/event-stream') {
        res.destroy();
        resolve({ status: res.statusCode ?? 0, body: 'stream' });
        return;
      }
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('end', () => {
        const text = Buffer.concat(chunks).toString();
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          resolve({ status: res.statusCode ?? 0, body: text });
        }
      });
    });
    req.end(body);
  });
}

const refusedHost = {
  status: 403,
  body: { error: { code: 'host_not_allowed', message: expect.stringMatching(/ALLOWED_HOSTS/) } },
};
const samples = JSON.stringify({ samples: [{ series: 'rebind.x', value: 1 }] });
const layout = JSON.stringify({ baseVersion: 0, widgets: [] });
const json = { 'Content-Type': 'application/json' };

afterEach(closeClients);

/**
 * DNS rebinding (issue 10, B4): a page on another name that resolves to this server must get
 * nothing, on every endpoint and on the WebSocket upgrade, with access control off.
 */
describe.each([
  { listen: 'HOST=127.0.0.1', env: {} },
  { listen: 'HOST=0.0.0.0 (not "any Host")', env: { HOST: '0.0.0.0' } },
])('the Host check with $listen', ({ env }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0', ALLOWED_HOSTS: PROXY_NAME, ...env });
  });
  afterAll(() => server?.stop());

  const attacker = () => ({
    Host: `${ATTACKER}:${server.port}`,
    Origin: `http://${ATTACKER}:${server.port}`,
  });

  it.each([
    ['GET', '/api/stream', undefined],
    ['POST', '/api/metrics', samples],
    ['PUT', '/api/layout', layout],
    ['GET', '/api/layout', undefined],
    ['GET', `/api/range?from=0&to=1000`, undefined],
    ['GET', '/api/health', undefined],
    ['GET', '/metrics', undefined],
    ['GET', '/', undefined],
    ['GET', '/login', undefined],
  ])('refuses %s %s with 403 host_not_allowed, storing nothing', async (method, path, body) => {
    const before = (await getHealth(server.url)).seq;

    const answer = await send(server, method, path, { ...attacker(), ...(body ? json : {}) }, body);

    expect(answer).toEqual(refusedHost);
    expect((await getHealth(server.url)).seq).toBe(before);
  });

  it('refuses the chat upgrade with 403 host_not_allowed', async () => {
    const refused = await refusedUpgrade(`ws://127.0.0.1:${server.port}/ws/chat?name=x`, {
      headers: { Host: `${ATTACKER}:${server.port}` },
      origin: `http://${ATTACKER}:${server.port}`,
    });

    expect(refused).toEqual(refusedHost);
  });

  it('layout and ingest are unchanged after the attempts', async () => {
    const current = await send(server, 'GET', '/api/layout', { Host: `127.0.0.1:${server.port}` });

    expect(current).toEqual({ status: 200, body: { version: 0, widgets: [] } });
  });

  it.each([
    ['localhost with its port', () => `localhost:${server.port}`],
    ['localhost on another port (behind a local proxy)', () => 'localhost:8080'],
    ['127.0.0.1 without a port', () => '127.0.0.1'],
    ['[::1] with a port', () => `[::1]:${server.port}`],
    ['an IP address (a name is needed to rebind)', () => '192.0.2.10:3000'],
    ['a name in ALLOWED_HOSTS', () => PROXY_NAME],
    ['a name in ALLOWED_HOSTS in upper case, with a port', () => `DASH.EXAMPLE.COM:443`],
  ])('serves %s', async (_name, host) => {
    const answer = await send(server, 'GET', '/api/health', { Host: host() });

    expect(answer.status).toBe(200);
  });

  it('lets a same-origin browser of an allowed name write, and opens its chat', async () => {
    const host = `localhost:${server.port}`;
    const origin = `http://${host}`;

    const answer = await send(
      server,
      'POST',
      '/api/metrics',
      { Host: host, Origin: origin, ...json },
      samples,
    );
    const chat = await openChat(
      `ws://127.0.0.1:${server.port}/ws/chat`,
      { name: 'local' },
      {
        headers: { Host: host },
        origin,
      },
    );

    expect(answer.status).toBe(200);
    expect(chat.welcome.type).toBe('welcome');
  });

  it('refuses a write whose Origin is another allowed name than its Host', async () => {
    const answer = await send(
      server,
      'POST',
      '/api/metrics',
      { Host: `127.0.0.1:${server.port}`, Origin: `http://${ATTACKER}:${server.port}`, ...json },
      samples,
    );

    expect(answer).toEqual({
      status: 403,
      body: { error: { code: 'forbidden', message: 'cross-site request refused' } },
    });
  });
});
