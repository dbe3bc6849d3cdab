import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeClients } from './helpers/cleanup';
import { fillWithSamples } from './helpers/fill-store';
import { getHealth } from './helpers/http-api';
import { lastSqliteSeq } from './helpers/sqlite-file';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/** Size of the tiny filesystem the database lives on, in bytes. */
const DISK_BYTES = 1024 * 1024;

let server: TestServer | undefined;
let mountDir: string | undefined;
afterEach(async () => {
  closeClients();
  await server?.stop();
  server = undefined;
  if (mountDir) {
    execFileSync('umount', [mountDir]);
    await rm(mountDir, { recursive: true, force: true });
  }
  mountDir = undefined;
});

/**
 * Mounts a tmpfs of DISK_BYTES: its folder, or why mounting is not permitted here (not root, or
 * a container without CAP_SYS_ADMIN). A missing `mount` is not a reason: it throws.
 */
async function mountTinyDisk(): Promise<{ dir: string } | { why: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pulseboard-it-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_BYTES}`, 'tmpfs', dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return { dir };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('mount is not installed: `apt-get install -y mount` (Debian/Ubuntu)');
    }
    return {
      why: String((error as { stderr?: Buffer }).stderr ?? error)
        .trim()
        .replaceAll('\n', '; '),
    };
  }
}

describe('a full disk (a tiny tmpfs: a real ENOSPC under SQLite)', () => {
  it('answers 507 store_full, stores nothing of the refused batch, and keeps serving reads', async (context) => {
    const disk = await mountTinyDisk();
    if ('why' in disk) {
      context.skip(
        `mount -t tmpfs is not permitted here (${disk.why}); store-full.test.ts covers store_full`,
      );
    }
    mountDir = (disk as { dir: string }).dir;
    const databasePath = path.join(mountDir, 'db.sqlite');
    server = await startTestServer({ COLLECTOR_ENABLED: '0' }, { databasePath });

    const { accepted, refusal } = await fillWithSamples(server.url, 'disk', 1000);

    expect(refusal).toMatchObject({ status: 507, body: { error: { code: 'store_full' } } });
    expect(lastSqliteSeq(databasePath)).toBe(accepted.at(-1)?.seq);
    expect(await getHealth(server.url)).toMatchObject({ store: 'full' });
    const stream = await openSse(`${server.url}/api/stream?series=disk`);
    expect((await stream.nextEvent('snapshot')).id).toBe(String(accepted.at(-1)?.seq));
  });
});
