import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PgChangePoll } from './pg-change-poll';
import type { PgConnection } from './pg-connection';
import { migratePostgres } from './pg-migrate';
import { openPgliteConnection } from './pglite-connection';

/** PGlite starts in seconds on a loaded machine. */
const PGLITE_START_TIMEOUT_MS = 120_000;
/** The poll's interval here, in milliseconds (short: the test waits on calls, not on time). */
const INTERVAL_MS = 5;

let db: PgConnection;
beforeAll(async () => {
  db = await openPgliteConnection();
  await migratePostgres(db);
}, PGLITE_START_TIMEOUT_MS);
afterAll(() => db?.close());

describe('PgChangePoll', () => {
  it('calls onChange once per change of the last seq or the last deletion, written by anyone', async () => {
    const onChange = vi.fn();
    const poll = new PgChangePoll(db, onChange, INTERVAL_MS);
    poll.start();
    try {
      // Its first read sets the baseline: nothing changed yet.
      await vi.waitFor(() => expect(poll.reads).toBeGreaterThan(0));
      expect(onChange).not.toHaveBeenCalled();
      await db.query('UPDATE samples_seq SET seq = seq + 3 WHERE id = 1');
      await vi.waitFor(() => expect(poll.notices).toBe(1));
      await db.query("INSERT INTO series_deletions (name, seq, deleted_at) VALUES ('x', 3, 0)");
      await vi.waitFor(() => expect(poll.notices).toBe(2));
      expect(onChange).toHaveBeenCalledTimes(2);
    } finally {
      await poll.stop();
    }
  });

  it('keeps polling after a failed read, and notices the next change', async () => {
    let fail = true;
    const flaky: PgConnection = {
      ...db,
      query: (text, params) =>
        fail ? Promise.reject(new Error('connection lost')) : db.query(text, params),
    };
    const onChange = vi.fn();
    const poll = new PgChangePoll(flaky, onChange, INTERVAL_MS);
    poll.start();
    try {
      await vi.waitFor(() => expect(poll.failures).toBeGreaterThan(1));
      fail = false;
      await vi.waitFor(() => expect(poll.reads).toBeGreaterThan(0));
      await db.query('UPDATE samples_seq SET seq = seq + 1 WHERE id = 1');
      await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(1));
    } finally {
      await poll.stop();
    }
  });
});
