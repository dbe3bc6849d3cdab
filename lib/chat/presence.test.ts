import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHAT_ONLINE_LIST_MAX_NAMES } from '@/lib/protocol';
import { PRESENCE_MIN_INTERVAL_MS, Presence, type PresenceChange } from './presence';

let frames: PresenceChange[];
let presence: Presence;

beforeEach(() => {
  vi.useFakeTimers();
  frames = [];
  presence = new Presence((change) => frames.push(change));
});
afterEach(() => {
  presence.stop();
  vi.useRealTimers();
});

describe('Presence', () => {
  it('counts a name once however many connections use it', () => {
    presence.join('ada');
    presence.join('ada');
    presence.join('bob');
    expect(presence.onlineCount).toBe(2);
    presence.leave('ada');
    expect(presence.list()).toEqual(['ada', 'bob']);
    presence.leave('ada');
    expect(presence.list()).toEqual(['bob']);
  });

  it('coalesces a burst of changes into one frame', () => {
    for (let i = 0; i < 1000; i++) presence.join(`user-${i}`);
    vi.runAllTimers();
    expect(frames).toHaveLength(1);
    expect(frames[0]?.joined).toHaveLength(CHAT_ONLINE_LIST_MAX_NAMES);
    expect(frames[0]?.onlineCount).toBe(1000);
  });

  it('sends at most one frame per interval', () => {
    presence.join('a');
    vi.advanceTimersByTime(0);
    presence.join('b');
    vi.advanceTimersByTime(PRESENCE_MIN_INTERVAL_MS - 1);
    expect(frames).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(frames.map((f) => f.joined)).toEqual([['a'], ['b']]);
  });

  it('reports a name that left and came back by its final state', () => {
    presence.join('a');
    vi.runAllTimers();
    presence.leave('a');
    presence.join('a');
    vi.runAllTimers();
    expect(frames[1]).toMatchObject({ joined: ['a'], left: [], onlineCount: 1 });
  });

  it('does not touch presence when a second tab of the same name closes', () => {
    presence.join('a');
    presence.join('a');
    vi.runAllTimers();
    presence.leave('a');
    vi.runAllTimers();
    expect(frames).toHaveLength(1);
  });

  it('stamps each frame with the epoch of its last change', () => {
    presence.join('a');
    const epoch = presence.epoch;
    vi.runAllTimers();
    expect(frames[0]?.epoch).toBe(epoch);
  });
});
