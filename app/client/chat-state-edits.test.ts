import { describe, expect, it } from 'vitest';
import type { ChatMessage, ServerFrame } from '@/lib/protocol';
import { type ChatState, chatReducer, initialChatState } from './chat-state';

const msg = (id: number, name = 'bo', text = `m${id}`): ChatMessage => ({ id, name, text, ts: id });
const server = (state: ChatState, frame: ServerFrame) =>
  chatReducer(state, { type: 'server', frame, now: 0 });
const welcome = (history: ChatMessage[], name = 'al'): ServerFrame => ({
  type: 'welcome',
  connectionId: 'c1',
  name,
  history,
  online: [],
  onlineCount: 0,
});

describe('chatReducer, issue 13', () => {
  it('applies an edit (text and editedAt) and a delete by id', () => {
    let s = server(initialChatState, welcome([msg(1), msg(2)]));
    s = server(s, { type: 'message_edited', id: 2, text: 'fixed', editedAt: 99 });
    expect(s.messages[1]).toEqual({ id: 2, name: 'bo', text: 'fixed', ts: 2, editedAt: 99 });
    s = server(s, { type: 'message_deleted', id: 1 });
    expect(s.messages.map((m) => m.id)).toEqual([2]);
  });

  it('puts an older page first and keeps it past the usual window', () => {
    const newest = Array.from({ length: 500 }, (_, i) => msg(i + 101));
    let s = server(initialChatState, welcome(newest));
    expect(s.hasOlder).toBe(true);
    s = chatReducer(s, {
      type: 'older',
      messages: Array.from({ length: 100 }, (_, i) => msg(i + 1)),
      hasMore: false,
    });
    expect(s.messages).toHaveLength(600);
    expect(s.messages[0]?.id).toBe(1);
    expect(s.hasOlder).toBe(false);
    expect(s.lastId).toBe(600);
    s = server(s, { type: 'message', ...msg(601) });
    expect(s.messages).toHaveLength(600);
    expect(s.messages.at(-1)?.id).toBe(601);
  });

  it('knows there is nothing older after a first welcome short of a full page', () => {
    expect(server(initialChatState, welcome([msg(1)])).hasOlder).toBe(false);
  });

  it('welcomes a reader without a name and keeps a refusal on show until a name is welcomed', () => {
    let s = chatReducer(initialChatState, { type: 'name-taken', name: 'carol' });
    s = server(s, welcome([], ''));
    expect(s.self).toBeUndefined();
    expect(s.nameTaken).toBe('carol');
    s = server(s, welcome([], 'carol-2'));
    expect(s.self).toBe('carol-2');
    expect(s.nameTaken).toBeUndefined();
  });
});
