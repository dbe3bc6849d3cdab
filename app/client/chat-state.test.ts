import { describe, expect, it } from 'vitest';
import type { ChatMessage, ServerFrame } from '@/lib/protocol';
import {
  type ChatState,
  chatReducer,
  initialChatState,
  TYPING_INDICATOR_MS,
  typingNames,
} from './chat-state';

const msg = (id: number, name = 'bo', text = `m${id}`): ChatMessage => ({ id, name, text, ts: id });
const server = (state: ChatState, frame: ServerFrame, now = 0) =>
  chatReducer(state, { type: 'server', frame, now });
const welcome = (history: ChatMessage[] = [], online = ['al']): ServerFrame => ({
  type: 'welcome',
  connectionId: 'c1',
  name: 'al',
  history,
  online,
  onlineCount: online.length,
});

describe('chatReducer', () => {
  it('takes history, name and online list from the welcome', () => {
    const s = server(initialChatState, welcome([msg(1), msg(2)], ['zed', 'al']));
    expect(s.self).toBe('al');
    expect(s.messages).toHaveLength(2);
    expect(s.lastId).toBe(2);
    expect(s.online).toEqual(['al', 'zed']);
  });

  it('does not repeat messages a reconnect welcome sends again', () => {
    let s = server(initialChatState, welcome([msg(1), msg(2)]));
    s = server(s, welcome([msg(2), msg(3)]));
    expect(s.messages.map((m) => m.id)).toEqual([1, 2, 3]);
  });

  it('turns a pending message into a confirmed one on its ack', () => {
    let s = server(initialChatState, welcome());
    s = chatReducer(s, {
      type: 'queue',
      message: { clientMsgId: 'x', name: 'al', text: 'hi', ts: 5 },
    });
    s = server(s, { type: 'ack', clientMsgId: 'x', id: 7, ts: 6 });
    expect(s.pending).toEqual([]);
    expect(s.messages).toEqual([{ id: 7, name: 'al', text: 'hi', ts: 6, clientMsgId: 'x' }]);
    expect(server(s, { type: 'ack', clientMsgId: 'x', id: 7, ts: 6 })).toBe(s);
  });

  it('settles a pending message found in the history after a reconnect', () => {
    let s = chatReducer(initialChatState, {
      type: 'queue',
      message: { clientMsgId: 'x', name: 'al', text: 'hi', ts: 5 },
    });
    s = server(s, welcome([{ ...msg(4, 'al', 'hi'), clientMsgId: 'x' }]));
    expect(s.pending).toEqual([]);
    expect(s.messages).toHaveLength(1);
  });

  it('shows typing for TYPING_INDICATOR_MS, and not for our own name', () => {
    let s = server(initialChatState, welcome());
    s = server(s, { type: 'typing', name: 'bo' }, 1000);
    s = server(s, { type: 'typing', name: 'al' }, 1000);
    expect(typingNames(s.typing, 1000 + TYPING_INDICATOR_MS - 1)).toEqual(['bo']);
    expect(typingNames(s.typing, 1000 + TYPING_INDICATOR_MS)).toEqual([]);
  });

  it('stops showing typing when that person’s message arrives', () => {
    let s = server(initialChatState, { type: 'typing', name: 'bo' }, 0);
    s = server(s, { type: 'message', ...msg(1, 'bo') }, 1);
    expect(typingNames(s.typing, 1)).toEqual([]);
  });

  it('applies presence as set operations', () => {
    let s = server(initialChatState, welcome([], ['al', 'bo']));
    s = server(s, { type: 'presence', joined: ['cy', 'al'], left: ['bo'], onlineCount: 2 });
    expect(s.online).toEqual(['al', 'cy']);
  });

  it('keeps the last error message', () => {
    const s = server(initialChatState, { type: 'error', code: 'rate_limited', message: 'slow' });
    expect(s.error).toBe('slow');
  });
});
