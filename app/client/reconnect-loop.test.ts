import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECONNECT_MAX_DELAY_MS } from './backoff';
import type { ConnectionStatus } from './connection-status';
import { OFFLINE_AFTER_FAILURES } from './connection-status';
import { ReconnectLoop } from './reconnect-loop';

let events: EventTarget;
let statuses: ConnectionStatus[];
let connects: number;
let connected: boolean;
let online: boolean;
let loop: ReconnectLoop;

beforeEach(() => {
  vi.useFakeTimers();
  events = new EventTarget();
  statuses = [];
  connects = 0;
  connected = false;
  online = true;
  loop = new ReconnectLoop({
    connect: () => {
      connects++;
    },
    isConnected: () => connected,
    dropCurrent: () => {
      connected = false;
      loop.dropped();
    },
    setStatus: (s) => statuses.push(s),
    events,
    isOnline: () => online,
  });
  loop.start();
});
afterEach(() => {
  loop.stop();
  vi.useRealTimers();
});

describe('ReconnectLoop', () => {
  it('retries after a jittered delay no longer than the backoff ceiling', () => {
    loop.dropped();
    expect(statuses).toEqual(['reconnecting']);
    vi.advanceTimersByTime(RECONNECT_MAX_DELAY_MS);
    expect(connects).toBe(1);
  });

  it(`shows offline after ${OFFLINE_AFTER_FAILURES} failures in a row, and not before`, () => {
    for (let i = 0; i < OFFLINE_AFTER_FAILURES - 1; i++) loop.dropped();
    expect(statuses.at(-1)).toBe('reconnecting');
    loop.dropped();
    expect(statuses.at(-1)).toBe('offline');
  });

  it('starts the backoff over once connected', () => {
    for (let i = 0; i < OFFLINE_AFTER_FAILURES; i++) loop.dropped();
    loop.connected();
    loop.dropped();
    expect(statuses.at(-1)).toBe('reconnecting');
  });

  it('honours a delay override (a rate-limited close)', () => {
    loop.dropped(RECONNECT_MAX_DELAY_MS);
    vi.advanceTimersByTime(RECONNECT_MAX_DELAY_MS - 1);
    expect(connects).toBe(0);
    vi.advanceTimersByTime(1);
    expect(connects).toBe(1);
  });

  it('drops the connection when the browser goes offline, and retries at once when back', () => {
    connected = true;
    online = false;
    events.dispatchEvent(new Event('offline'));
    expect(statuses).toEqual(['offline']);
    online = true;
    events.dispatchEvent(new Event('online'));
    expect(statuses.at(-1)).toBe('reconnecting');
    expect(connects).toBe(1);
  });

  it('does nothing after stop', () => {
    loop.stop();
    loop.dropped();
    events.dispatchEvent(new Event('online'));
    vi.runAllTimers();
    expect(connects).toBe(0);
    expect(statuses).toEqual([]);
  });
});
