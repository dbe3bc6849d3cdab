import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@/lib/protocol';
import { login } from './helpers/auth-api';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { getHealth, getJson } from './helpers/http-api';
import { openSse } from './helpers/sse-client';
import { REPO_ROOT, startTestServer, type TestServer } from './helpers/start-test-server';

const CLI = path.join(REPO_ROOT, 'bin', 'pulseboard.mjs');
/** Longest one CLI run may take (tsx compiles on its first run), in milliseconds. */
const CLI_TIMEOUT_MS = 30_000;
/** The servers' revocation poll here, in milliseconds (the default is 1000). */
const MAX_LAG_MS = 200;

afterEach(closeClients);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    TRUST_PROXY: '1',
    AUTH_USERS: 'ada:pw-ada,bob:pw-bob',
    SESSION_REVOCATION_MAX_LAG_MS: String(MAX_LAG_MS),
  });
});
afterAll(() => server?.stop());

/** Runs `node bin/pulseboard.mjs <args>` from outside the repository, as the operator would. */
function cli(args: string[], env: Record<string, string>) {
  const childEnv: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...env,
  };
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd: tmpdir(),
        env: childEnv as NodeJS.ProcessEnv,
        timeout: CLI_TIMEOUT_MS,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('pulseboard sessions end-all against a running server', () => {
  it('ends every session, its streams and sockets; signing in works again at once', async () => {
    const cookies = [
      await login(server.url, 'ada', 'pw-ada'),
      await login(server.url, 'ada', 'pw-ada'),
      await login(server.url, 'bob', 'pw-bob'),
    ];
    const streams = await Promise.all(
      cookies.map((cookie) => openSse(`${server.url}/api/stream`, { headers: { Cookie: cookie } })),
    );
    const sockets = await Promise.all(
      cookies.map((cookie) => openChat(server.wsUrl, {}, { headers: { Cookie: cookie } })),
    );
    for (const stream of streams) await stream.nextEvent('snapshot');

    const run = await cli(['sessions', 'end-all'], { DATABASE_PATH: server.databasePath });

    expect(run).toEqual({ code: 0, stdout: 'ended 3 sessions\n', stderr: '' });
    for (const stream of streams) {
      expect(await stream.next((item) => item.event !== undefined)).toMatchObject({
        event: 'session-expired',
        data: '{"reason":"session revoked"}',
      });
      expect(await stream.ended).toBe('end');
    }
    for (const socket of sockets) {
      expect(await socket.closed).toEqual({
        code: CloseCode.SessionExpired,
        reason: 'session revoked',
      });
    }
    for (const cookie of cookies) {
      expect((await getJson(`${server.url}/api/session`, { Cookie: cookie })).status).toBe(401);
    }
    await expect.poll(async () => (await getHealth(server.url)).streams).toBe(0);

    const fresh = await login(server.url, 'ada', 'pw-ada');
    expect((await getJson(`${server.url}/api/session`, { Cookie: fresh })).status).toBe(200);
    const stream = await openSse(`${server.url}/api/stream`, { headers: { Cookie: fresh } });
    expect((await stream.nextEvent()).event).toBe('snapshot');
  });

  it('refuses a DATABASE_PATH where there is no database, exit code 1', async () => {
    const missing = path.join(tmpdir(), 'pulseboard-no-such-dir', 'db.sqlite');

    const run = await cli(['sessions', 'end-all'], { DATABASE_PATH: missing });

    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `no database at ${missing}: set DATABASE_PATH to the server's database file\n`,
    });
  });
});
