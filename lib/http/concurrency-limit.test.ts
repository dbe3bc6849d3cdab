import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from './concurrency-limit';

const limit = (max: number, queueMax: number) =>
  new ConcurrencyLimit({ max, queueMax, retryAfterS: 1, setting: 'X_MAX' });

/** A task that runs until the test calls `finish`. */
function gate() {
  let finish: () => void = () => {};
  let started = false;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return {
    task: () => {
      started = true;
      return done;
    },
    finish,
    get started() {
      return started;
    },
  };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ConcurrencyLimit', () => {
  it('runs max at once, queues queueMax, and refuses the next at once with 503 overloaded', async () => {
    const bound = limit(2, 1);
    const tasks = [gate(), gate(), gate()];
    const running = tasks.map((t) => bound.run(t.task));

    const refused = bound.run(() => 'never');
    await expect(refused).rejects.toMatchObject({
      code: 'overloaded',
      status: 503,
      retryAfterS: 1,
      message: expect.stringMatching(/\[X_MAX\]/),
    });
    await turn();
    expect(tasks.map((t) => t.started)).toEqual([true, true, false]);
    expect([bound.inFlight, bound.queued, bound.refused]).toEqual([2, 1, 1]);

    tasks[0]?.finish();
    await running[0];
    await turn();
    expect(tasks[2]?.started).toBe(true);
    expect([bound.inFlight, bound.queued]).toEqual([2, 0]);
    tasks[1]?.finish();
    tasks[2]?.finish();
    await Promise.all(running);
    expect(bound.inFlight).toBe(0);
  });

  it('starts each task on a later turn of the event loop, never inside run()', async () => {
    const bound = limit(1, 0);
    let ran = false;
    const result = bound.run(() => {
      ran = true;
      return 7;
    });
    expect(ran).toBe(false);
    expect(await result).toBe(7);
  });

  it('frees the slot when a task throws', async () => {
    const bound = limit(1, 0);
    await expect(
      bound.run(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await bound.run(() => 'next')).toBe('next');
  });

  it('drops a waiting task whose signal aborts, and never runs it', async () => {
    const bound = limit(1, 1);
    const first = gate();
    const running = bound.run(first.task);
    const controller = new AbortController();
    let ran = false;
    const waiting = bound.run(() => {
      ran = true;
    }, controller.signal);

    controller.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
    expect(bound.queued).toBe(0);
    first.finish();
    await running;
    await turn();
    expect([ran, bound.inFlight]).toEqual([false, 0]);
  });

  it('refuses options that are not whole numbers in range', () => {
    expect(() => limit(0, 1)).toThrow(TypeError);
    expect(() => limit(1, -1)).toThrow(TypeError);
  });
});
