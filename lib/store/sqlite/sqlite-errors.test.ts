import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toErrorBody } from '@/lib/errors';
import {
  STORE_BUSY_RETRY_AFTER_S,
  STORE_UNWRITABLE_RETRY_AFTER_S,
  stateAfterFailure,
  toStoreWriteError,
} from '@/lib/store/store-errors';
import { sqliteFailureOf } from './sqlite-errors';

const NOT_STORED = 'the samples were not stored';

describe('sqliteFailureOf', () => {
  it.each([
    ['SQLITE_BUSY', 503, 'store_busy', STORE_BUSY_RETRY_AFTER_S, 'ok'],
    ['SQLITE_BUSY_SNAPSHOT', 503, 'store_busy', STORE_BUSY_RETRY_AFTER_S, 'ok'],
    ['SQLITE_LOCKED', 503, 'store_busy', STORE_BUSY_RETRY_AFTER_S, 'ok'],
    ['SQLITE_FULL', 507, 'store_full', undefined, 'full'],
    ['SQLITE_READONLY', 503, 'store_read_only', STORE_UNWRITABLE_RETRY_AFTER_S, 'read_only'],
    [
      'SQLITE_READONLY_DBMOVED',
      503,
      'store_read_only',
      STORE_UNWRITABLE_RETRY_AFTER_S,
      'read_only',
    ],
    ['SQLITE_IOERR_WRITE', 503, 'store_unavailable', STORE_UNWRITABLE_RETRY_AFTER_S, 'read_only'],
    ['SQLITE_CANTOPEN', 503, 'store_unavailable', STORE_UNWRITABLE_RETRY_AFTER_S, 'read_only'],
  ] as const)('maps %s to %i %s', (sqliteCode, status, code, retryAfterS, state) => {
    const cause = new Database.SqliteError('from sqlite', sqliteCode);
    const recognised = sqliteFailureOf(cause);

    expect(recognised).toBeDefined();
    const error = toStoreWriteError(
      recognised as NonNullable<typeof recognised>,
      NOT_STORED,
      cause,
    );
    const answer = toErrorBody(error);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.message).toContain(NOT_STORED);
    expect(answer.retryAfterS).toBe(retryAfterS);
    expect(stateAfterFailure(error)).toBe(state);
  });

  it('names the SQLite code in the store_unavailable message', () => {
    const cause = new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE');
    const error = toStoreWriteError(
      sqliteFailureOf(cause) as NonNullable<ReturnType<typeof sqliteFailureOf>>,
      NOT_STORED,
      cause,
    );
    expect(error.message).toBe(
      'the database cannot be written (SQLITE_IOERR_WRITE); the samples were not stored',
    );
  });

  it.each([
    [
      'a constraint violation',
      new Database.SqliteError('UNIQUE failed', 'SQLITE_CONSTRAINT_UNIQUE'),
    ],
    ['a corrupt file (not a write condition)', new Database.SqliteError('x', 'SQLITE_CORRUPT')],
    ['a plain Error', new Error('boom')],
    ['a string', 'SQLITE_FULL'],
  ])('leaves %s alone', (_what, error) => {
    expect(sqliteFailureOf(error)).toBeUndefined();
  });
});
