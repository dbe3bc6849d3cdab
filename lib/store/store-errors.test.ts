import { describe, expect, it } from 'vitest';
import { toErrorBody } from '@/lib/errors';
import {
  STORE_BUSY_RETRY_AFTER_S,
  STORE_UNWRITABLE_RETRY_AFTER_S,
  type StoreFailure,
  stateAfterFailure,
  toStoreWriteError,
} from './store-errors';

const NOT_STORED = 'the message was not stored';

describe('toStoreWriteError', () => {
  it.each([
    [
      'busy',
      503,
      'store_busy',
      STORE_BUSY_RETRY_AFTER_S,
      'ok',
      'the database is busy with another writer; the message was not stored; retry shortly',
    ],
    [
      'full',
      507,
      'store_full',
      undefined,
      'full',
      "the server's storage is full; the message was not stored",
    ],
    [
      'read_only',
      503,
      'store_read_only',
      STORE_UNWRITABLE_RETRY_AFTER_S,
      'read_only',
      'the database is read-only; the message was not stored',
    ],
    [
      'unavailable',
      503,
      'store_unavailable',
      STORE_UNWRITABLE_RETRY_AFTER_S,
      'read_only',
      'the database cannot be written (E_TEST); the message was not stored',
    ],
  ] as const)('maps %s to %i %s', (failure, status, code, retryAfterS, state, message) => {
    const cause = new Error('engine error');
    const error = toStoreWriteError(
      { failure: failure as StoreFailure, engineCode: 'E_TEST' },
      NOT_STORED,
      cause,
    );
    const answer = toErrorBody(error);
    expect(answer).toMatchObject({ status, body: { error: { code, message } }, known: true });
    expect(answer.retryAfterS).toBe(retryAfterS);
    expect(error.cause).toBe(cause);
    expect(stateAfterFailure(error)).toBe(state);
  });
});
