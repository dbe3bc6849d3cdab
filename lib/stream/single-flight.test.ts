import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight';

/** A task whose runs finish only when the test says so. */
function gatedTask() {
  const gates: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  const task = async () => {
    runs++;
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise<void>((resolve) => gates.push(resolve));
    active--;
  };
  return {
    task,
    get runs() {
      return runs;
    },
    get maxActive() {
      return maxActive;
    },
    async release() {
      await Promise.resolve();
      gates.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('SingleFlight', () => {
  it('runs one at a time and folds every request made during a run into one more run', async () => {
    const gated = gatedTask();
    const flight = new SingleFlight(gated.task);
    const first = flight.run();
    const second = [flight.run(), flight.run(), flight.run()];
    expect(second[0]).toBe(second[2]);
    await gated.release();
    await first;
    expect(gated.runs).toBe(2);
    await gated.release();
    await Promise.all(second);
    expect(gated.runs).toBe(2);
    expect(gated.maxActive).toBe(1);
    expect(flight.running).toBe(false);
  });

  it('gives a caller a run that started after its call', async () => {
    const seen: number[] = [];
    let value = 0;
    const flight = new SingleFlight(async () => {
      const read = value;
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(read);
    });
    const first = flight.run();
    await Promise.resolve();
    await Promise.resolve();
    value = 1; // changed after the first run read it
    await flight.run();
    await first;
    expect(seen).toEqual([0, 1]);
  });

  it('passes a failure to the callers of that run only', async () => {
    let runs = 0;
    const flight = new SingleFlight(async () => {
      runs++;
      await Promise.resolve();
      if (runs === 1) throw new Error('read failed');
    });
    const failing = flight.run();
    const next = flight.run();
    await expect(failing).rejects.toThrow('read failed');
    await expect(next).resolves.toBeUndefined();
  });
});
