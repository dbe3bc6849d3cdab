import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { closeClients } from './helpers/cleanup';
import { getHealth } from './helpers/http-api';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

let server: TestServer | undefined;
const tempDirs: string[] = [];
afterEach(async () => {
  closeClients();
  await server?.stop();
  server = undefined;
  for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Whether nothing listens on 127.0.0.1:`port` right now. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('environment variables', () => {
  it('defaults to PORT 3000, HOST 127.0.0.1, data/pulseboard.db, a 1000 ms sample interval, 15 s keep-alive, 30 s ping, no token and no extra origins', () => {
    const env = parseEnv({});

    expect(env).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATABASE_PATH: 'data/pulseboard.db',
      SAMPLE_INTERVAL_MS: 1000,
      SSE_KEEPALIVE_INTERVAL_MS: 15_000,
      CHAT_HEARTBEAT_INTERVAL_MS: 30_000,
      ALLOWED_ORIGINS: [],
    });
    expect(env.INGEST_TOKEN).toBeUndefined();
  });

  it('listens on 127.0.0.1:3000 when PORT and HOST are unset', async (context) => {
    if (!(await portIsFree(3000))) context.skip('port 3000 is in use on this machine');

    server = await startTestServer({ COLLECTOR_ENABLED: '0', PORT: undefined, HOST: undefined });

    expect(server.url).toBe('http://127.0.0.1:3000');
    expect((await getHealth(server.url)).status).toBe('ok');
  });

  it('creates the folder of DATABASE_PATH', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pulseboard-it-env-'));
    tempDirs.push(dir);
    const databasePath = path.join(dir, 'not', 'yet', 'there', 'db.sqlite');

    server = await startTestServer({ COLLECTOR_ENABLED: '0' }, { databasePath });

    expect(existsSync(databasePath)).toBe(true);
    expect((await getHealth(server.url)).status).toBe('ok');
  });

  it('collects the built-in series every SAMPLE_INTERVAL_MS', async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '1', SAMPLE_INTERVAL_MS: '200' });
    const stream = await openSse(`${server.url}/api/stream?series=host.cpu`);
    await stream.nextEvent('snapshot');

    const stamps: number[] = [];
    while (stamps.length < 4) {
      const event = await stream.nextEvent('samples');
      stamps.push(...event.data.samples.map((s) => s.ts));
    }

    const gaps = stamps.slice(1).map((t, i) => t - (stamps[i] ?? 0));
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(150);
      expect(gap).toBeLessThan(900);
    }
  });

  it.each([
    { name: 'PORT=abc', env: { PORT: 'abc' }, variable: /PORT/ },
    {
      name: 'SSE_KEEPALIVE_INTERVAL_MS=60000',
      env: { SSE_KEEPALIVE_INTERVAL_MS: '60000' },
      variable: /SSE_KEEPALIVE_INTERVAL_MS/,
    },
    {
      name: 'SHUTDOWN_TIMEOUT_MS=99',
      env: { SHUTDOWN_TIMEOUT_MS: '99' },
      variable: /SHUTDOWN_TIMEOUT_MS/,
    },
  ])('refuses to start with $name, naming the variable', async ({ env, variable }) => {
    const start = startTestServer({ COLLECTOR_ENABLED: '0', ...env });

    await expect(start).rejects.toThrow(/exited \(code [1-9]/);
    await expect(start).rejects.toThrow(variable);
  });
});
