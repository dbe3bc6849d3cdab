import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHAT_ONLINE_LIST_MAX_NAMES } from '@/lib/protocol';
import { changesAfter, PRESENCE_MIN_INTERVAL_MS, Presence, type PresenceChange } from './presence';

const joinedOf = (change: PresenceChange | undefined) =>
  change ? changesAfter(change.changes, 0).joined : [];

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
  it('lists the same frozen array until the epoch moves, then the new names', () => {
    presence.join('ada');
    const first = presence.list();
    presence.join('ada'); // a second connection of a name online: no change
    expect(presence.list()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);

    presence.join('bob');
    expect(presence.list()).not.toBe(first);
    expect(presence.list()).toEqual(['ada', 'bob']);
    presence.leave('ada');
    presence.leave('ada');
    expect(presence.list()).toEqual(['bob']);
  });

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
    expect(joinedOf(frames[0])).toHaveLength(CHAT_ONLINE_LIST_MAX_NAMES);
    expect(frames[0]?.onlineCount).toBe(1000);
  });

  it('sends at most one frame per interval', () => {
    presence.join('a');
    vi.advanceTimersByTime(0);
    presence.join('b');
    vi.advanceTimersByTime(PRESENCE_MIN_INTERVAL_MS - 1);
    expect(frames).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(frames.map(joinedOf)).toEqual([['a'], ['b']]);
  });

  it('reports a name that left and came back by its final state', () => {
    presence.join('a');
    vi.runAllTimers();
    presence.leave('a');
    presence.join('a');
    vi.runAllTimers();
    expect(frames[1]?.onlineCount).toBe(1);
    expect(changesAfter(frames[1]?.changes ?? [], 0)).toEqual({ joined: ['a'], left: [] });
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

  it('gives a client welcomed mid-window only the changes after its welcome', () => {
    presence.join('a');
    presence.join('b');
    const seen = presence.epoch;
    presence.join('c');
    presence.leave('a');
    vi.runAllTimers();
    const change = frames[0] as PresenceChange;
    expect(changesAfter(change.changes, 0)).toEqual({ joined: ['b', 'c'], left: ['a'] });
    expect(changesAfter(change.changes, seen)).toEqual({ joined: ['c'], left: ['a'] });
    expect(changesAfter(change.changes, change.epoch)).toEqual({ joined: [], left: [] });
  });
});
