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
});
