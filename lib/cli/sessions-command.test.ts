import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySessionRows, MemorySessionStore } from '@/lib/testing/memory-session-store';
import { CliError } from './cli-error';
import { type OpenSessionStore, runSessionsCommand, SESSIONS_USAGE } from './sessions-command';

/** A store with `live` live sessions, opened by the command as the server's would be. */
function storeWith(live: number) {
  const rows = new MemorySessionRows();
  const store = new MemorySessionStore(rows);
  let closed = 0;
  const open: OpenSessionStore = async () => ({
    sessions: store,
    close: async () => {
      closed++;
    },
  });
  const ready = (async () => {
    for (let i = 0; i < live; i++) {
      await store.create({ id: `s${i}`, name: 'ada', createdAt: 0, expiresAt: Date.now() + 1e6 });
    }
  })();
  return { rows, open, ready, closed: () => closed };
}

describe('pulseboard sessions', () => {
  it.each([[[]], [['--help']], [['-h']]])('prints its usage on %j', async (args) => {
    expect(await runSessionsCommand(args, {})).toBe(SESSIONS_USAGE);
  });

  it('end-all revokes every live session, says how many, and closes the store', async () => {
    const db = storeWith(3);
    await db.ready;

    expect(await runSessionsCommand(['end-all'], {}, db.open)).toBe('ended 3 sessions');
    expect([...db.rows.rows.values()].every((r) => r.revokedAt !== null)).toBe(true);
    expect(await runSessionsCommand(['end-all'], {}, db.open)).toBe('ended 0 sessions');
    expect(db.closed()).toBe(2);
  });

  it.each([
    [['end-some'], 'unknown sessions command "end-some"', 2],
    [['end-all', 'now'], 'end-all takes no arguments (got "now")', 2],
  ])('refuses %j with exit code 2', async (args, message, exitCode) => {
    const error = await runSessionsCommand(args, {}, storeWith(0).open).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ message, exitCode });
  });

  it('refuses a DATABASE_PATH with no database instead of creating an empty one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-cli-sessions-'));
    const missing = path.join(dir, 'nope.db');
    try {
      const error = await runSessionsCommand(['end-all'], { DATABASE_PATH: missing }).catch(
        (e: unknown) => e,
      );

      expect(error).toMatchObject({
        message: `no database at ${missing}: set DATABASE_PATH to the server's database file`,
        exitCode: 1,
      });
      expect(fs.existsSync(missing)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
