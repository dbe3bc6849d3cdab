import { and, eq, gt, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { sessionRevocationVersion, sessions } from '@/db/schema';
import type { Db } from './open-database';

/** The one row of `session_revocation_version`. */
export const VERSION_ROW_ID = 1;

/** Prepared statements of the session store, built once per database handle. */
export function prepareSessionQueries(db: Db) {
  return {
    insert: db
      .insert(sessions)
      .values({
        id: sql.placeholder('id'),
        name: sql.placeholder('name'),
        createdAt: sql.placeholder('createdAt'),
        expiresAt: sql.placeholder('expiresAt'),
      })
      .prepare(),
    revokeOne: db
      .update(sessions)
      .set({ revokedAt: sql`${sql.placeholder('at')}` })
      .where(
        and(
          eq(sessions.id, sql.placeholder('id')),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, sql.placeholder('at')),
        ),
      )
      .prepare(),
    revokeLive: db
      .update(sessions)
      .set({ revokedAt: sql`${sql.placeholder('at')}` })
      .where(and(isNull(sessions.revokedAt), gt(sessions.expiresAt, sql.placeholder('at'))))
      .prepare(),
    version: db
      .select({ version: sessionRevocationVersion.version })
      .from(sessionRevocationVersion)
      .where(eq(sessionRevocationVersion.id, VERSION_ROW_ID))
      .prepare(),
    bumpVersion: db
      .insert(sessionRevocationVersion)
      .values({ id: VERSION_ROW_ID, version: 1 })
      .onConflictDoUpdate({
        target: sessionRevocationVersion.id,
        set: { version: sql`${sessionRevocationVersion.version} + 1` },
      })
      .prepare(),
    // Served by the partial index sessions_revoked_expires_at.
    revoked: db
      .select({ id: sessions.id, expiresAt: sessions.expiresAt })
      .from(sessions)
      .where(and(isNotNull(sessions.revokedAt), gt(sessions.expiresAt, sql.placeholder('now'))))
      .prepare(),
    deleteExpired: db
      .delete(sessions)
      .where(
        inArray(
          sessions.id,
          db
            .select({ id: sessions.id })
            .from(sessions)
            .where(lt(sessions.expiresAt, sql.placeholder('now')))
            .limit(sql.placeholder('limit')),
        ),
      )
      .prepare(),
  };
}
