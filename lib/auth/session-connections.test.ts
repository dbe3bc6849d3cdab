import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionConnections } from './session-connections';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SessionConnections', () => {
  it('ends a connection at its session expiry, not a millisecond before, and forgets it', () => {
    const connections = new SessionConnections();
    const ends: string[] = [];
    connections.watch('s1', Date.now() + 500, (reason) => ends.push(reason));

    vi.advanceTimersByTime(499);
    expect(ends).toEqual([]);
    vi.advanceTimersByTime(1);

    expect(ends).toEqual(['session expired']);
    expect([connections.sessionCount, vi.getTimerCount()]).toEqual([0, 0]);
  });

  it("ends every connection of the revoked session, once, and no other session's", () => {
    const connections = new SessionConnections();
    const ends: string[] = [];
    const exp = Date.now() + 60_000;
    connections.watch('s1', exp, (reason) => ends.push(`tab1 ${reason}`));
    connections.watch('s1', exp, (reason) => ends.push(`tab2 ${reason}`));
    connections.watch('s2', exp, (reason) => ends.push(`other ${reason}`));

    expect(connections.end('s1')).toBe(2);
    expect(connections.end('s1')).toBe(0);
    vi.advanceTimersByTime(60_000);

    expect(ends).toEqual(['tab1 session revoked', 'tab2 session revoked', 'other session expired']);
    expect([connections.sessionCount, vi.getTimerCount()]).toEqual([0, 0]);
  });

  it('stops watching when the connection closes first', () => {
    const connections = new SessionConnections();
    const ends: string[] = [];
    const stop = connections.watch('s1', Date.now() + 500, (reason) => ends.push(reason));

    stop();
    connections.end('s1');
    vi.advanceTimersByTime(1000);

    expect(ends).toEqual([]);
    expect([connections.sessionCount, vi.getTimerCount()]).toEqual([0, 0]);
  });
});
