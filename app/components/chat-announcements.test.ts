import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '@/lib/protocol';
import {
  CHAT_ANNOUNCE_KEEP_MESSAGES,
  initialAnnouncerState,
  nextAnnouncements,
} from './chat-announcements';

const message = (id: number, name = 'ada', text = `m${id}`): ChatMessage => ({
  id,
  name,
  text,
  ts: 1_700_000_000_000 + id,
});

describe('nextAnnouncements', () => {
  it('announces nothing before the welcome', () => {
    expect(nextAnnouncements(initialAnnouncerState, [message(1)], undefined)).toBe(
      initialAnnouncerState,
    );
  });

  it('takes the history of the first welcome as the starting point, silently', () => {
    const state = nextAnnouncements(initialAnnouncerState, [message(1), message(2)], 'bo');
    expect(state).toEqual({ upToId: 2, items: [] });
  });

  it('starts from zero when the history is empty, then announces the first message', () => {
    const empty = nextAnnouncements(initialAnnouncerState, [], 'bo');
    expect(empty).toEqual({ upToId: 0, items: [] });
    expect(nextAnnouncements(empty, [message(1, 'ada', 'hi')], 'bo').items).toEqual([
      { id: 1, text: 'ada: hi' },
    ]);
  });

  it('announces only messages newer than the starting point, not our own', () => {
    const start = nextAnnouncements(initialAnnouncerState, [message(1)], 'bo');
    const next = nextAnnouncements(
      start,
      [message(1), message(2, 'bo'), message(3, 'cy', 'yo')],
      'bo',
    );
    expect(next).toEqual({ upToId: 3, items: [{ id: 3, text: 'cy: yo' }] });
  });

  it('keeps the state unchanged when nothing new arrived', () => {
    const start = nextAnnouncements(initialAnnouncerState, [message(1)], 'bo');
    expect(nextAnnouncements(start, [message(1)], 'bo')).toBe(start);
  });

  it(`keeps exactly the last ${CHAT_ANNOUNCE_KEEP_MESSAGES} lines`, () => {
    let state = nextAnnouncements(initialAnnouncerState, [], 'bo');
    const all: ChatMessage[] = [];
    for (let id = 1; id <= CHAT_ANNOUNCE_KEEP_MESSAGES; id++) {
      all.push(message(id));
      state = nextAnnouncements(state, all, 'bo');
    }
    expect(state.items.map((i) => i.id)).toEqual(
      [1, 2, 3, 4, 5].slice(0, CHAT_ANNOUNCE_KEEP_MESSAGES),
    );
    all.push(message(CHAT_ANNOUNCE_KEEP_MESSAGES + 1));
    state = nextAnnouncements(state, all, 'bo');
    expect(state.items).toHaveLength(CHAT_ANNOUNCE_KEEP_MESSAGES);
    expect(state.items[0]?.id).toBe(2);
  });
});
