import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionStore, StoredSession } from '@/lib/store/session-store';
import { type ContractDatabase, type OpenContractDatabase, rejectionOf } from './harness';

const T0 = 1_800_000_000_000;
const HOUR_MS = 3_600_000;

function sessionOf(id: string, expiresAt = T0 + HOUR_MS): StoredSession {
  return { id, name: `user-${id}`, createdAt: T0, expiresAt };
}

/**
 * The SessionStore contract: revocations are seen by every handle on the database, the version
 * grows once per revoking commit, revokeAll spares later sessions, expired rows go.
 */
export function describeSessionStoreContract(name: string, open: OpenContractDatabase): void {
  describe(`SessionStore contract: ${name}`, () => {
    let db: ContractDatabase;
    let sessions: SessionStore;
    beforeEach(async () => {
      db = await open();
      sessions = db.stores.sessions;
    });
    afterEach(() => db.dispose());

    it('starts at version 0 with nothing revoked, and refuses a second session with one id', async () => {
      await sessions.create(sessionOf('a'));

      expect(await sessions.revocationVersion()).toBe(0);
      expect(await sessions.revoked(T0)).toEqual({ version: 0, sessions: [] });
      expect(await rejectionOf(sessions.create(sessionOf('a')))).toBeInstanceOf(Error);
    });

    it('revokes one live session once, growing the version, as every handle sees', async () => {
      await sessions.create(sessionOf('a'));
      await sessions.create(sessionOf('b'));
      const other = await db.openAgain();
      try {
        expect(await sessions.revoke('a', T0 + 1)).toBe(true);
        expect(await sessions.revoke('a', T0 + 2)).toBe(false);
        expect(await sessions.revoke('unknown', T0 + 2)).toBe(false);

        expect(await other.stores.sessions.revocationVersion()).toBe(1);
        expect(await other.stores.sessions.revoked(T0 + 2)).toEqual({
          version: 1,
          sessions: [{ id: 'a', expiresAt: T0 + HOUR_MS }],
        });
      } finally {
        await other.dispose();
      }
    });

    it('does not revoke an expired session (its cookie is refused anyway)', async () => {
      await sessions.create(sessionOf('a', T0 + 10));

      expect(await sessions.revoke('a', T0 + 10)).toBe(false);
      expect(await sessions.revocationVersion()).toBe(0);
    });

    it('revokes every live session in one commit, sparing expired ones and later ones', async () => {
      await sessions.create(sessionOf('a'));
      await sessions.create(sessionOf('b'));
      await sessions.create(sessionOf('gone', T0 + 5));
      await sessions.revoke('b', T0 + 1);

      expect(await sessions.revokeAll(T0 + 10)).toBe(1);
      await sessions.create(sessionOf('later'));

      expect(await sessions.revocationVersion()).toBe(2);
      expect((await sessions.revoked(T0 + 10)).sessions.map((s) => s.id).sort()).toEqual([
        'a',
        'b',
      ]);
      expect(await sessions.revokeAll(T0 + 11)).toBe(1);
      expect(await sessions.revokeAll(T0 + 12)).toBe(0);
      expect(await sessions.revocationVersion()).toBe(3);
    });

    it('lists only revoked sessions that have not expired at the time asked', async () => {
      await sessions.create(sessionOf('short', T0 + 100));
      await sessions.create(sessionOf('long', T0 + 200));
      await sessions.revokeAll(T0);

      expect((await sessions.revoked(T0 + 99)).sessions.map((s) => s.id).sort()).toEqual([
        'long',
        'short',
      ]);
      expect((await sessions.revoked(T0 + 100)).sessions).toEqual([
        { id: 'long', expiresAt: T0 + 200 },
      ]);
    });

    it('deletes at most `limit` sessions that expired before the time given', async () => {
      for (const id of ['a', 'b', 'c']) await sessions.create(sessionOf(id, T0 + 100));
      await sessions.create(sessionOf('live', T0 + 200));

      expect(await sessions.deleteExpired(T0 + 100, 10)).toBe(0);
      expect(await sessions.deleteExpired(T0 + 101, 2)).toBe(2);
      expect(await sessions.deleteExpired(T0 + 101, 2)).toBe(1);
      expect(await sessions.revoke('live', T0 + 101)).toBe(true);
      expect(await sessions.revoke('a', T0 + 50)).toBe(false);
    });
  });
}
