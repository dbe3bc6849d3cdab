import { describe, expect, it } from 'vitest';
import { newMentions, titleWithUnread, unreadCount } from './chat-attention';

const m = (id: number, name: string, text = 'hi') => ({ id, name, text, ts: id });

describe('chat attention', () => {
  const messages = [m(1, 'bob'), m(2, 'ada'), m(3, 'bob', 'hey @ada'), m(4, 'cy', '@adam')];

  it('counts the others’ messages after the last one seen', () => {
    expect(unreadCount(messages, 1, 'ada')).toBe(2);
    expect(unreadCount(messages, 4, 'ada')).toBe(0);
    expect(unreadCount(messages, undefined, 'ada')).toBe(0);
    expect(unreadCount(messages, 0, undefined)).toBe(4);
  });

  it('finds new mentions of the reader only', () => {
    expect(newMentions(messages, 0, 'ada').map((x) => x.id)).toEqual([3]);
    expect(newMentions(messages, 3, 'ada')).toEqual([]);
    expect(newMentions(messages, 0, undefined)).toEqual([]);
  });

  it('puts the count in front of the title', () => {
    expect(titleWithUnread('Pulseboard', 3)).toBe('(3) Pulseboard');
    expect(titleWithUnread('Pulseboard', 0)).toBe('Pulseboard');
  });
});
