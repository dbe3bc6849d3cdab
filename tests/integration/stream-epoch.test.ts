import { execFile } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SnapshotPayload } from '@/lib/protocol';
import { closeClients } from './helpers/cleanup';
import { makeSamples, values } from './helpers/expected-samples';
import { pushSamples } from './helpers/http-api';
import { collectSamples, openSse } from './helpers/sse-client';
import { REPO_ROOT, startTestServer, type TestServer } from './helpers/start-test-server';

const run = promisify(execFile);
/** Longest the backup script may take, in milliseconds. */
const BACKUP_TIMEOUT_MS = 60_000;

let server: TestServer | undefined;
afterEach(closeClients);
afterAll(() => server?.stop());

/** The snapshot a fresh stream starts with. */
async function snapshotOf(url: string): Promise<SnapshotPayload> {
  const stream = await openSse(`${url}/api/stream`);
  const snapshot = await stream.nextEvent('snapshot');
  stream.close();
  return snapshot.data;
}

describe('the database epoch (a restored backup is another timeline)', () => {
  it('gives a cursor of the live database a snapshot from the restored backup, never the backup’s later rows; a cursor without an epoch still resumes as before', async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0' });
    const live = await snapshotOf(server.url);
    expect(live.epoch).toMatch(/^[0-9a-f]{16}$/);
    const before = await pushSamples(server.url, makeSamples('epoch.a', 1, 3));

    const backup = path.join(path.dirname(server.databasePath), 'backup.db');
    await run(process.execPath, ['--import', 'tsx', 'scripts/backup-db.ts', backup], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_PATH: server.databasePath },
      timeout: BACKUP_TIMEOUT_MS,
    });
    // The live database goes on; a client follows it up to here.
    const cursor = await pushSamples(server.url, makeSamples('epoch.a', 4, 3));

    // Restore: the server stopped, the backup copied over the file, the server started again.
    await server.stop({ keepDb: true });
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(`${server.databasePath}${suffix}`, { force: true });
    copyFileSync(backup, server.databasePath);
    server = await server.restart();
    const restored = await snapshotOf(server.url);
    expect(restored.epoch).toMatch(/^[0-9a-f]{16}$/);
    expect(restored.epoch).not.toBe(live.epoch);
    expect(restored.seq).toBe(before.seq);
    // The restored timeline takes the same seqs with other rows.
    const after = await pushSamples(server.url, makeSamples('epoch.a', 100, 3));
    expect(after.seq).toBe(cursor.seq);

    const withEpoch = await openSse(`${server.url}/api/stream`, {
      headers: { 'Last-Event-ID': `${before.seq}:${live.epoch}` },
    });
    const first = await withEpoch.nextEvent();
    expect(first.event).toBe('snapshot');
    expect(first.data).toMatchObject({ seq: after.seq, epoch: restored.epoch });

    // In the restored database's own epoch, the same cursor resumes exactly.
    const sameEpoch = await openSse(
      `${server.url}/api/stream?lastEventId=${before.seq}%3A${restored.epoch}`,
    );
    expect(values((await collectSamples(sameEpoch, after.seq)).samples)).toEqual([100, 101, 102]);
    // A cursor without an epoch (the format before it) resumes as it always did.
    const bare = await openSse(`${server.url}/api/stream`, {
      headers: { 'Last-Event-ID': String(before.seq) },
    });
    expect(values((await collectSamples(bare, after.seq)).samples)).toEqual([100, 101, 102]);
  });
});
