import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STORE_UNWRITABLE_RETRY_AFTER_S } from '@/lib/store/store-errors';
import { missingProgramMessage, SYSTEM_DEPS } from '@/scripts/test-deps';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { getHealth, pushSamples } from './helpers/http-api';
import { lastSqliteSeq } from './helpers/sqlite-file';
import { collectSamples, openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/**
 * The database file and its WAL made immutable (`chattr +i`) under the running server: the
 * tests run as root, so a chmod would not stop a write; the immutable flag does, for real,
 * with SQLITE_IOERR_WRITE. (Not the -shm file: SQLite maps it, and an immutable map faults.)
 */
function setImmutable(databasePath: string, on: boolean): void {
  execFileSync('chattr', [on ? '+i' : '-i', databasePath, `${databasePath}-wal`]);
}

/**
 * Why this machine does not let the tests set the immutable flag (it needs root, or
 * CAP_LINUX_IMMUTABLE, and a filesystem with the flag, such as ext4), or undefined when it
 * does. A missing chattr is not a reason: it throws with the command that installs it.
 */
function whyNoImmutable(databasePath: string): string | undefined {
  try {
    setImmutable(databasePath, true);
    setImmutable(databasePath, false);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(missingProgramMessage(SYSTEM_DEPS.chattr));
    }
    return String((error as { stderr?: Buffer }).stderr ?? error)
      .trim()
      .replaceAll('\n', '; ');
  }
}

describe('a store that cannot be written (immutable file: a real SQLITE_IOERR)', () => {
  let server: TestServer;
  let immutable = false;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0' });
  });
  afterEach(() => {
    closeClients();
    if (immutable) setImmutable(server.databasePath, false);
    immutable = false;
  });
  afterAll(() => server?.stop());

  it('refuses writes with 503 store_unavailable and Retry-After, keeps serving reads, and recovers', async (context) => {
    const why = whyNoImmutable(server.databasePath);
    if (why !== undefined) {
      context.skip(`chattr +i is not permitted here (${why}); store-full.test.ts still runs`);
    }
    const ts = Date.now();
    const first = await pushSamples(server.url, [{ series: 'ro', value: 1, ts }]);
    const stream = await openSse(`${server.url}/api/stream?series=ro`);
    await stream.nextEvent('snapshot');
    const chat = await openChat(server.wsUrl, { name: 'reader' });

    setImmutable(server.databasePath, true);
    immutable = true;
    const refused = await fetch(`${server.url}/api/metrics`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ samples: [{ series: 'ro', value: 2, ts: ts + 1 }] }),
    });
    chat.send({ type: 'message', text: 'lost?' });
    const chatError = await chat.next('error');

    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe(String(STORE_UNWRITABLE_RETRY_AFTER_S));
    expect(await refused.json()).toEqual({
      error: {
        code: 'store_unavailable',
        message: 'the database cannot be written (SQLITE_IOERR_WRITE); the samples were not stored',
      },
    });
    expect(chatError).toMatchObject({ code: 'store_unavailable' });
    expect(await getHealth(server.url)).toMatchObject({ status: 'ok', store: 'read_only' });
    expect(lastSqliteSeq(server.databasePath)).toBe(first.seq);
    const snapshot = await (await openSse(`${server.url}/api/stream?series=ro`)).nextEvent(
      'snapshot',
    );
    expect(snapshot.data.series).toEqual([{ name: 'ro', points: [[ts, 1]] }]);
    const other = await openChat(server.wsUrl, { name: 'other' });
    expect(other.welcome.online).toContain('reader');

    setImmutable(server.databasePath, false);
    immutable = false;
    const again = await pushSamples(server.url, [{ series: 'ro', value: 3, ts: ts + 2 }]);
    const { samples } = await collectSamples(stream, again.seq);
    expect(samples).toEqual([{ series: 'ro', ts: ts + 2, value: 3 }]);
    expect(await getHealth(server.url)).toMatchObject({ store: 'ok' });
  });
});
