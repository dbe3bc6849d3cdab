/** A login session as stored: the random id inside the signed cookie, and its lifetime. */
export type StoredSession = {
  /** The session id (lib/auth/session-cookie.ts: 128 random bits, base64url). */
  id: string;
  /** The signed-in name. */
  name: string;
  /** When it was created, in Unix milliseconds. */
  createdAt: number;
  /** The cookie's `exp`, in Unix milliseconds. */
  expiresAt: number;
};

/** A revoked session that has not expired yet: a cookie with this id must be refused. */
export type RevokedSession = { id: string; expiresAt: number };

/** Every revoked, unexpired session, with the revocation version of the same moment. */
export type RevocationList = { version: number; sessions: RevokedSession[] };

/**
 * Login sessions, for revocation (access control on). The signed cookie proves a session was
 * issued; the store says whether it was revoked since: logout revokes one, an operator revokes
 * all. Servers keep the revoked ids in memory (lib/auth/session-revocations.ts) and poll
 * `revocationVersion()` to learn of revocations made by another process or instance, so a
 * revocation must be visible to every handle on the database once it resolves. Every method
 * is async.
 */
export interface SessionStore {
  /** Records a new session; resolves after the commit (before its cookie is sent). */
  create(session: StoredSession): Promise<void>;
  /**
   * Revokes one session at `atMs`; true when it was stored, unrevoked and unexpired (false for an
   * unknown, already revoked or expired id: nothing changes). A revocation grows the version.
   */
  revoke(id: string, atMs?: number): Promise<boolean>;
  /**
   * Revokes, in one commit, every stored session that is neither revoked nor expired at `atMs`;
   * resolves with how many. A session created after the commit is not touched. Grows the version
   * when it revoked any.
   */
  revokeAll(atMs?: number): Promise<number>;
  /** The revocation version: 0 before any revocation, then one more per revoking commit. */
  revocationVersion(): Promise<number>;
  /** The revoked sessions not yet expired at `nowMs`, read with the version in one snapshot. */
  revoked(nowMs?: number): Promise<RevocationList>;
  /** Deletes at most `limit` sessions that expired before `nowMs`; resolves with how many. */
  deleteExpired(nowMs: number, limit: number): Promise<number>;
}
