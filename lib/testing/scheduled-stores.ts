import type fc from 'fast-check';

/**
 * Decides when a store call takes effect and when its caller hears the answer: two separate
 * moments, as with a real async engine (the commit happens somewhere between the call and the
 * answer; other callers may run in between).
 */
export type CallScheduler = <T>(label: string, run: () => Promise<T>) => Promise<T>;

/**
 * A store whose every async method goes through `schedule` (a call takes effect and answers
 * at moments the scheduler picks); `syncMethods` (`subscribe`) are passed straight through.
 */
export function scheduledStore<T extends object>(
  inner: T,
  schedule: CallScheduler,
  syncMethods: readonly string[] = ['subscribe'],
): T {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || syncMethods.includes(String(property))) {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (...args: unknown[]) =>
        schedule(`${String(property)}(${describeArgs(args)})`, () =>
          Promise.resolve(value.apply(target, args)),
        );
    },
  });
}

/**
 * The CallScheduler of a fast-check scheduler: the call takes effect when one scheduled task
 * is released, and answers (or fails) when a second one is. Under `s.waitAll()` every
 * interleaving of calls, effects and answers can come up.
 */
export function fastCheckCalls(s: fc.Scheduler): CallScheduler {
  return async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    await s.schedule(Promise.resolve(), `${label} takes effect`);
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await run() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    await s.schedule(Promise.resolve(), `${label} answers`);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  };
}

function describeArgs(args: readonly unknown[]): string {
  return args
    .map((a) => (typeof a === 'object' ? JSON.stringify(a)?.slice(0, 40) : String(a)))
    .join(', ');
}
