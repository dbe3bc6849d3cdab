import { describe, expect, it } from 'vitest';
import { AppError, ERROR_STATUS, toErrorBody } from './errors';

describe('toErrorBody', () => {
  it.each(Object.entries(ERROR_STATUS))('maps AppError %s to %i', (code, status) => {
    const error = new AppError(code as keyof typeof ERROR_STATUS, 'why');
    expect(toErrorBody(error)).toEqual({
      status,
      body: { error: { code, message: 'why' } },
      known: true,
    });
  });

  it('hides the message of an unknown error behind a generic 500', () => {
    expect(toErrorBody(new Error('db password is hunter2'))).toEqual({
      status: 500,
      body: { error: { code: 'internal_error', message: 'Internal server error' } },
      known: false,
    });
  });

  it('treats thrown non-errors as unknown', () => {
    expect(toErrorBody('boom').status).toBe(500);
  });

  it('knows an AppError thrown by another copy of this module (server.ts versus a route bundle)', () => {
    const fromOtherCopy = Object.assign(new Error('the disk is full'), {
      [Symbol.for('pulseboard.AppError')]: true,
      code: 'store_full',
      status: 507,
      retryAfterS: undefined,
    });

    expect(fromOtherCopy instanceof AppError).toBe(true);
    expect(toErrorBody(fromOtherCopy)).toEqual({
      status: 507,
      body: { error: { code: 'store_full', message: 'the disk is full' } },
      known: true,
    });
  });

  it('puts Retry-After seconds on the answer when the error has them', () => {
    expect(toErrorBody(new AppError('store_busy', 'busy', { retryAfterS: 1 })).retryAfterS).toBe(1);
  });
});
