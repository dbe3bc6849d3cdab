import { describe, expect, it } from 'vitest';
import { toErrorBody } from '@/lib/errors';
import { toStoreWriteError } from '@/lib/store/store-errors';
import { isForeignKeyFailure, postgresFailureOf } from './pg-errors';

/** An error as node-postgres builds it from the server's answer (a DatabaseError with `code`). */
function pgError(code: string, message = 'failed'): Error {
  return Object.assign(new Error(message), { code });
}

describe('postgresFailureOf', () => {
  it.each([
    ['53100', 'full', 'store_full', 507],
    ['25006', 'read_only', 'store_read_only', 503],
    ['55P03', 'busy', 'store_busy', 503],
    ['40001', 'busy', 'store_busy', 503],
    ['40P01', 'busy', 'store_busy', 503],
    ['53300', 'busy', 'store_busy', 503],
    ['57P01', 'unavailable', 'store_unavailable', 503],
    ['57P02', 'unavailable', 'store_unavailable', 503],
    ['57P03', 'unavailable', 'store_unavailable', 503],
    ['08000', 'unavailable', 'store_unavailable', 503],
    ['08006', 'unavailable', 'store_unavailable', 503],
    ['08P01', 'unavailable', 'store_unavailable', 503],
  ])('maps SQLSTATE %s to %s, which clients get as %s', (code, failure, storeCode, status) => {
    const recognised = postgresFailureOf(pgError(code));
    expect(recognised).toEqual({ failure, engineCode: `SQLSTATE ${code}` });
    const mapped = toStoreWriteError(
      recognised as NonNullable<typeof recognised>,
      'the samples were not stored',
      undefined,
    );
    const { status: got, body } = toErrorBody(mapped);
    expect({ status: got, code: body.error.code }).toEqual({ status, code: storeCode });
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'])(
    'maps the socket error %s to unavailable',
    (code) => {
      expect(postgresFailureOf(pgError(code))).toEqual({
        failure: 'unavailable',
        engineCode: code,
      });
    },
  );

  it.each([
    ['Connection terminated unexpectedly', 'connection-terminated'],
    ['timeout exceeded when trying to connect', 'connect-timeout'],
  ])('maps the driver error "%s" to unavailable', (message, engineCode) => {
    expect(postgresFailureOf(new Error(message))).toEqual({ failure: 'unavailable', engineCode });
  });

  it.each([
    ['23505', 'unique_violation'],
    ['23502', 'not_null_violation'],
    ['42P01', 'undefined_table'],
    ['09000', 'a class next to 08'],
    ['0800', 'too short for a SQLSTATE'],
  ])('leaves %s (%s) unrecognised: a 500', (code) => {
    expect(postgresFailureOf(pgError(code))).toBeUndefined();
  });

  it('leaves errors that are not Errors, and plain Errors, unrecognised', () => {
    expect(postgresFailureOf('53100')).toBeUndefined();
    expect(postgresFailureOf({ code: '53100' })).toBeUndefined();
    expect(postgresFailureOf(new Error('boom'))).toBeUndefined();
  });
});

describe('isForeignKeyFailure', () => {
  it('is true for SQLSTATE 23503 only', () => {
    expect(isForeignKeyFailure(pgError('23503'))).toBe(true);
    expect(isForeignKeyFailure(pgError('23505'))).toBe(false);
    expect(isForeignKeyFailure(new Error('23503'))).toBe(false);
  });
});
