import type { RangeAnswer } from '@/lib/protocol';
import type { LoadHistory } from './series-history';

/** A fake `/api/range` for the store: each call waits until the test answers or fails it. */
export function fakeHistory() {
  const calls: {
    names: string[];
    signal: AbortSignal;
    answer: (seq: number, series: RangeAnswer['series']) => void;
    fail: () => void;
  }[] = [];
  const load: LoadHistory = (names, signal) =>
    new Promise<RangeAnswer>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new Error('aborted')));
      calls.push({
        names: [...names],
        signal,
        answer: (seq, series) => resolve({ from: 0, to: 1e13, resolution: 'raw', seq, series }),
        fail: () => reject(new Error('503')),
      });
    });
  return { calls, load };
}

/** Lets queued microtasks (the history flush, answers) run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
