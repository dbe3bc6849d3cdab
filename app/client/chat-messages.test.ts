import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '@/lib/protocol';
import { mergeMessages } from './chat-messages';

const msg = (id: number): ChatMessage => ({ id, name: 'bo', text: `m${id}`, ts: id });

describe('mergeMessages', () => {
  it('orders by id and keeps each id once', () => {
    const merged = mergeMessages([msg(1), msg(3)], [msg(3), msg(2), msg(1)]);
    expect(merged.map((m) => m.id)).toEqual([1, 2, 3]);
  });

  it('keeps only the newest max messages', () => {
    expect(mergeMessages([msg(1), msg(2)], [msg(3)], 2).map((m) => m.id)).toEqual([2, 3]);
  });
});
