import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RangeAnswer } from '@/lib/protocol';
import { HISTORY_URL_NAMES_MAX_CHARS } from './series-api';
import { HISTORY_RETRY_MAX_MS, HISTORY_RETRY_MIN_MS, SeriesHistory } from './series-history';

type Call = { names: string[]; signal: AbortSignal; ok: () => void; fail: () => void };

const answer = (names: readonly string[]): RangeAnswer => ({
  from: 0,
  to: 1,
  resolution: 'raw',
  seq: 1,
  series: names.map((name) => ({ name, points: [] })),
});

function setup() {
  const calls: Call[] = [];
  const answered: string[][] = [];
  const history = new SeriesHistory(
    (names, signal) =>
      new Promise<RangeAnswer>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('aborted')));
        calls.push({
          names: [...names],
          signal,
          ok: () => resolve(answer(names)),
          fail: () => reject(new Error('429')),
        });
      }),
    (names) => answered.push([...names]),
  );
  return { calls, answered, history };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SeriesHistory', () => {
  it('sends the names asked for in one turn together, and each name once', async () => {
    const { calls, answered, history } = setup();
    history.request(['a', 'b']);
    history.request(['b', 'c']);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.names)).toEqual([['a', 'b', 'c']]);
    expect(history.loading('c')).toBe(true);
    history.request(['a']); // in flight: not asked again
    calls[0]?.ok();
    await vi.advanceTimersByTimeAsync(0);
    expect(answered).toEqual([['a', 'b', 'c']]);
    expect(calls).toHaveLength(1);
    expect(history.loading('c')).toBe(false);
  });

  it('splits a long list into requests within HISTORY_URL_NAMES_MAX_CHARS, one after the other', async () => {
    const { calls, history } = setup();
    const names = Array.from({ length: 100 }, (_, i) => `${'n'.repeat(120)}${i}`);
    history.request(names);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    const first = calls[0]?.names ?? [];
    expect(first.join(',').length).toBeLessThanOrEqual(HISTORY_URL_NAMES_MAX_CHARS);
    calls[0]?.ok();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
    for (const call of calls.slice(1)) call.ok();
    await vi.advanceTimersByTimeAsync(0);
    for (const call of calls.slice(2)) call.ok();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.flatMap((c) => c.names)).toEqual(names);
  });

  it('retries a failed request after HISTORY_RETRY_MIN_MS, doubling up to HISTORY_RETRY_MAX_MS', async () => {
    const { calls, answered, history } = setup();
    history.request(['a']);
    let wait = HISTORY_RETRY_MIN_MS;
    for (let attempt = 0; attempt < 8; attempt++) {
      await vi.advanceTimersByTimeAsync(0);
      expect(calls).toHaveLength(attempt + 1);
      calls[attempt]?.fail();
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(calls).toHaveLength(attempt + 1);
      await vi.advanceTimersByTimeAsync(1);
      wait = Math.min(wait * 2, HISTORY_RETRY_MAX_MS);
    }
    expect(wait).toBe(HISTORY_RETRY_MAX_MS);
    calls.at(-1)?.ok();
    await vi.advanceTimersByTimeAsync(0);
    expect(answered).toEqual([['a']]);
  });

  it('does not retry or answer a cancelled name', async () => {
    const { calls, answered, history } = setup();
    history.request(['a', 'b']);
    await vi.advanceTimersByTimeAsync(0);
    history.cancel('a');
    calls[0]?.fail();
    await vi.advanceTimersByTimeAsync(HISTORY_RETRY_MIN_MS);
    expect(calls.map((c) => c.names)).toEqual([['a', 'b'], ['b']]);
    history.cancel('b');
    calls[1]?.ok();
    await vi.advanceTimersByTimeAsync(0);
    expect(answered).toEqual([]);
  });

  it('reset aborts the request in flight and forgets every name', async () => {
    const { calls, answered, history } = setup();
    history.request(['a']);
    await vi.advanceTimersByTimeAsync(0);
    history.reset();
    expect(calls[0]?.signal.aborted).toBe(true);
    expect(history.loading('a')).toBe(false);
    history.request(['a']);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
    calls[1]?.ok();
    await vi.advanceTimersByTimeAsync(0);
    expect(answered).toEqual([['a']]);
  });
});
