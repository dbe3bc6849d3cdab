import type { RecognisedFailure } from '@/lib/store/store-errors';

/**
 * Recognises the SQLite result codes of a failed write (better-sqlite3's `SqliteError.code`,
 * extended codes included): SQLITE_BUSY/LOCKED are `busy`, SQLITE_FULL is `full`,
 * SQLITE_READONLY is `read_only`, SQLITE_IOERR/CANTOPEN are `unavailable`. Anything else
 * (a constraint, a corrupt file, a bug) is undefined and stays a 500.
 */
export function sqliteFailureOf(error: unknown): RecognisedFailure | undefined {
  const code = sqliteCodeOf(error);
  if (code === undefined) return undefined;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return { failure: 'busy', engineCode: code };
  }
  if (code === 'SQLITE_FULL') return { failure: 'full', engineCode: code };
  if (code.startsWith('SQLITE_READONLY')) return { failure: 'read_only', engineCode: code };
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) {
    return { failure: 'unavailable', engineCode: code };
  }
  return undefined;
}

/**
 * Whether `error` is SQLite refusing a row whose foreign key points nowhere: a sample written
 * with the id of a series that another handle deleted meanwhile.
 */
export function isForeignKeyFailure(error: unknown): boolean {
  return sqliteCodeOf(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** The extended result code of a better-sqlite3 `SqliteError` (`SQLITE_FULL`, ...). */
function sqliteCodeOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}
