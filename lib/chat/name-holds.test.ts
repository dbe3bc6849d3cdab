import { afterEach, describe, expect, it, vi } from 'vitest';
import { NameHolds } from './name-holds';

afterEach(() => {
  vi.useRealTimers();
});

describe('NameHolds', () => {
  it('refuses another key while the holder is connected, case-folded', () => {
    const holds = new NameHolds(1000);
    expect(holds.take('Carol', 'key:a')).toBeTypeOf('function');
    expect(holds.take('carol', 'key:b')).toBeUndefined();
    expect(holds.take('CAROL', 'name:CAROL')).toBeUndefined();
    expect(holds.take('carol', 'key:a')).toBeTypeOf('function');
  });

  it('holds a keyed name for holdMs after its last connection closed, then frees it', () => {
    vi.useFakeTimers();
    const holds = new NameHolds(1000);
    const first = holds.take('ada', 'key:a');
    const second = holds.take('ada', 'key:a');
    first?.();
    second?.();
    second?.(); // a second call changes nothing
    vi.advanceTimersByTime(999);
    expect(holds.take('ada', 'key:b')).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(holds.size).toBe(0);
    expect(holds.take('ada', 'key:b')).toBeTypeOf('function');
  });

  it('keeps the name for its key when it comes back within the window', () => {
    vi.useFakeTimers();
    const holds = new NameHolds(1000);
    holds.take('ada', 'key:a')?.();
    vi.advanceTimersByTime(500);
    const back = holds.take('ada', 'key:a');
    vi.advanceTimersByTime(5000);
    expect(holds.take('ada', 'key:b')).toBeUndefined();
    back?.();
    vi.advanceTimersByTime(1000);
    expect(holds.take('ada', 'key:b')).toBeTypeOf('function');
  });

  it('lets connections without a key share a name, held only while open', () => {
    const holds = new NameHolds(1000);
    const one = holds.take('bob', 'name:bob');
    const two = holds.take('bob', 'name:bob');
    expect(holds.take('bob', 'key:a')).toBeUndefined();
    one?.();
    two?.();
    expect(holds.size).toBe(0);
    expect(holds.take('bob', 'key:a')).toBeTypeOf('function');
  });

  it('holds nothing after close with holdMs 0, and refuses a bad holdMs', () => {
    const holds = new NameHolds(0);
    holds.take('ada', 'key:a')?.();
    expect(holds.take('ada', 'key:b')).toBeTypeOf('function');
    expect(() => new NameHolds(-1)).toThrow(TypeError);
  });
});
