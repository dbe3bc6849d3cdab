import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CLUSTER_INSTANCE_FORGET_MS,
  CLUSTER_INSTANCE_TIMEOUT_MS,
  type ClusterHint,
} from '@/lib/store/cluster-store';
import { BEAT_ANNOTATION_HINTS_MAX } from './pg-cluster-beat';
import { PgClusterStore } from './pg-cluster-store';
import type { PgConnection } from './pg-connection';
import { migratePostgres } from './pg-migrate';
import { openPgliteConnection } from './pglite-connection';

/** PGlite starts in seconds on a loaded machine. */
const PGLITE_START_TIMEOUT_MS = 120_000;

let db: PgConnection;
beforeAll(async () => {
  db = await openPgliteConnection();
  await migratePostgres(db);
}, PGLITE_START_TIMEOUT_MS);
afterAll(() => db?.close());
beforeEach(async () => {
  await db.query(
    'TRUNCATE cluster_instances, cluster_presence, cluster_name_holds, chat_messages, dashboard_layout',
  );
});

/** Two instances on one database, and the hints the second one's heartbeat emits. */
function twoInstances() {
  const a = new PgClusterStore(db, 'a');
  const b = new PgClusterStore(db, 'b');
  const hints: ClusterHint[] = [];
  b.subscribe((hint) => hints.push(hint));
  return { a, b, hints };
}

/** Moves the heartbeat of `store` back by `ms` (as if it had been silent that long). */
async function age(store: PgClusterStore, ms: number): Promise<void> {
  await db.query(
    'UPDATE cluster_instances SET heartbeat_at = heartbeat_at - $2 WHERE instance_id = $1',
    [store.instanceId, ms],
  );
}

describe('PgClusterStore and its heartbeat', () => {
  it('leaves out an instance whose heartbeat is older than CLUSTER_INSTANCE_TIMEOUT_MS, and hints it', async () => {
    const { a, b, hints } = twoInstances();
    await a.publishPresence([{ room: 'general', name: 'ada', online: true }]);
    await b.beat.beatNow();
    expect(hints).toEqual([{ kind: 'presence' }]);
    await age(a, CLUSTER_INSTANCE_TIMEOUT_MS - 1_000);
    expect(await b.readPresence('general')).toEqual(['ada']);
    await age(a, 1_001);
    expect(await b.readPresence('general')).toEqual([]);
    await b.beat.beatNow();
    expect(hints).toEqual([{ kind: 'presence' }, { kind: 'presence' }]);
  });

  it('hints a chat commit and a layout save it notices (the fallback of LISTEN)', async () => {
    const { b, hints } = twoInstances();
    await b.beat.beatNow();
    hints.length = 0;
    await db.query(
      "INSERT INTO chat_messages (id, sender, name, text, ts) VALUES (7, 'name:x', 'x', 'hi', 0)",
    );
    await db.query(
      "INSERT INTO dashboard_layout (id, version, json, updated_at) VALUES (1, 3, '[]', 0)",
    );
    await b.beat.beatNow();
    expect(hints).toEqual([
      { kind: 'chat', id: 7 },
      { kind: 'layout', version: 3 },
    ]);
    await b.beat.beatNow();
    expect(hints).toHaveLength(2);
  });

  it('hints each annotation it notices, the newest BEAT_ANNOTATION_HINTS_MAX of a beat at most (the fallback of LISTEN)', async () => {
    const { b, hints } = twoInstances();
    await b.beat.beatNow();
    hints.length = 0;
    const insert = async (count: number) => {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO annotations (ts, text, board, created_at)
         SELECT i, 'mark', NULL, 0 FROM generate_series(1, $1::int) AS i RETURNING id`,
        [count],
      );
      return rows.map((r) => ({ kind: 'annotation', id: Number(r.id) }));
    };
    const two = await insert(2);
    await b.beat.beatNow();
    expect(hints).toEqual(two);
    hints.length = 0;
    const many = await insert(BEAT_ANNOTATION_HINTS_MAX + 1);
    await b.beat.beatNow();
    expect(hints).toEqual(many.slice(1));
    await b.beat.beatNow();
    expect(hints).toHaveLength(BEAT_ANNOTATION_HINTS_MAX);
  });

  it('forgets an instance silent for CLUSTER_INSTANCE_FORGET_MS; one that comes back publishes its names again', async () => {
    const { a, b } = twoInstances();
    await a.publishPresence([{ room: 'general', name: 'ada', online: true }]);
    await age(a, CLUSTER_INSTANCE_FORGET_MS + 1);
    await b.beat.beatNow();
    expect(await db.query('SELECT * FROM cluster_presence')).toMatchObject({ rowCount: 0 });
    await a.beat.beatNow();
    expect(await b.readPresence('general')).toEqual(['ada']);
  });

  it('removes its rows when it stops, so its names leave the others at once', async () => {
    const { a, b } = twoInstances();
    await a.publishPresence([{ room: 'general', name: 'ada', online: true }]);
    await a.beat.stop();
    expect(await b.readPresence('general')).toEqual([]);
    // Sockets closing after the stop (shutdown) bring no row back.
    await a.publishPresence([{ room: 'general', name: 'ada', online: false }]);
    expect(await db.query('SELECT * FROM cluster_instances')).toMatchObject({ rowCount: 0 });
  });

  it('holds a chat name for one identity across instances: live, then for holdMs, never for a gone instance', async () => {
    const { a, b } = twoInstances();
    expect(await a.claimName('carol', 'digest-a')).toBe(true);
    expect(await b.claimName('carol', 'digest-b')).toBe(false);
    expect(await b.claimName('carol', 'digest-a')).toBe(true);
    await b.releaseName('carol', 'digest-a', 0);
    await a.releaseName('carol', 'digest-a', 60_000);
    expect(await b.claimName('carol', 'digest-b')).toBe(false);
    // The hold ends: held_until passed.
    await db.query('UPDATE cluster_name_holds SET held_until = held_until - 60_001');
    expect(await b.claimName('carol', 'digest-b')).toBe(true);
    expect(await a.claimName('carol', 'digest-a')).toBe(false);
    // b's instance goes silent past the timeout: its hold counts no more.
    await age(b, CLUSTER_INSTANCE_TIMEOUT_MS + 1);
    expect(await a.claimName('carol', 'digest-a')).toBe(true);
  });

  it('gives a free name to one of two identities claiming it at once', async () => {
    const { a, b } = twoInstances();
    const answers = await Promise.all([
      a.claimName('dan', 'digest-a'),
      b.claimName('dan', 'digest-b'),
    ]);
    expect(answers.sort()).toEqual([false, true]);
  });

  it('skips its own typing hints and reads the others', () => {
    const { a, b, hints } = twoInstances();
    const own: ClusterHint[] = [];
    a.subscribe((hint) => own.push(hint));
    // The payload a's announceTyping sends, as LISTEN delivers it to both.
    const payload = a.typingPayload('general', 'ada');
    a.receive(payload);
    b.receive(payload);
    expect(own).toEqual([]);
    expect(hints).toEqual([{ kind: 'typing', room: 'general', name: 'ada' }]);
  });
});
