import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { StoreFailure, StoreFailureOf } from './store-errors';
import { StoreStatus } from './store-status';

/** An engine whose errors carry the failure they stand for. */
class EngineError extends Error {
  constructor(readonly failure: StoreFailure) {
    super(`engine says ${failure}`);
  }
}
const failureOf: StoreFailureOf = (error) =>
  error instanceof EngineError ? { failure: error.failure, engineCode: 'E' } : undefined;
const failing = (failure: StoreFailure) => async () => {
  throw new EngineError(failure);
};

describe('StoreStatus', () => {
  it('resolves with what the write resolves with, and stays ok', async () => {
    const status = new StoreStatus(failureOf);
    await expect(status.write('nothing was stored', async () => 7)).resolves.toBe(7);
    expect(status.state).toBe('ok');
  });

  it('maps a recognised failure to its AppError, records the state, and clears it on the next good write', async () => {
    const status = new StoreStatus(failureOf);
    const error = await status.write('the message was not stored', failing('full')).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'store_full', cause: expect.any(EngineError) });
    expect(status.state).toBe('full');
    expect(status.failedWrites).toBe(1);
    await status.write('x', failing('busy')).catch(() => {});
    expect(status.state).toBe('ok'); // busy passes: not a state
    await status.write('x', failing('read_only')).catch(() => {});
    expect(status.state).toBe('read_only');
    await status.write('x', async () => undefined);
    expect(status.state).toBe('ok');
    expect(status.failedWrites).toBe(3);
  });

  it('lets a bug through unchanged (it stays a 500)', async () => {
    const status = new StoreStatus(failureOf);
    const bug = new TypeError('not a storage problem');
    await expect(
      status.write('nothing was stored', async () => {
        throw bug;
      }),
    ).rejects.toBe(bug);
    expect(status.state).toBe('ok');
    expect(status.failedWrites).toBe(0);
  });
});
