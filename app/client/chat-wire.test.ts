import { describe, expect, it } from 'vitest';
import { CHAT_TEXT_MAX_CHARS } from '@/lib/protocol';
import {
  chatUrl,
  encodeMessageFrame,
  newClientMsgId,
  parseServerFrame,
  roomScope,
} from './chat-wire';

describe('chatUrl', () => {
  it('uses ws on http and passes the name', () => {
    expect(chatUrl({ protocol: 'http:', host: 'h:3000' }, { name: 'Al B' }, undefined)).toBe(
      'ws://h:3000/ws/chat?name=Al+B',
    );
  });

  it('uses wss on https and resumes after since', () => {
    expect(chatUrl({ protocol: 'https:', host: 'h' }, { name: 'al' }, 12)).toBe(
      'wss://h/ws/chat?name=al&since=12',
    );
  });

  it('passes the tab key with the name, and read=1 for a reader', () => {
    expect(chatUrl({ protocol: 'http:', host: 'h' }, { name: 'al', key: 'k-123456' }, 3)).toBe(
      'ws://h/ws/chat?name=al&key=k-123456&since=3',
    );
    expect(chatUrl({ protocol: 'http:', host: 'h' }, { reader: true }, undefined)).toBe(
      'ws://h/ws/chat?read=1',
    );
  });
});

describe('chatUrl rooms', () => {
  it("names a board's room, and leaves general out (the URL it always was)", () => {
    const at = { protocol: 'http:', host: 'h' };
    expect(chatUrl(at, { name: 'al', room: 'ops' }, 3)).toBe(
      'ws://h/ws/chat?name=al&since=3&room=ops',
    );
    expect(chatUrl(at, { reader: true, room: 'ops' }, undefined)).toBe(
      'ws://h/ws/chat?read=1&room=ops',
    );
    expect(chatUrl(at, { name: 'al', room: 'general' }, undefined)).toBe('ws://h/ws/chat?name=al');
  });
});

describe('roomScope', () => {
  it('keeps the scope of general, and makes one per board room', () => {
    expect(roomScope('key:k1', undefined)).toBe('key:k1');
    expect(roomScope('key:k1', 'general')).toBe('key:k1');
    expect(roomScope('key:k1', 'ops')).toBe('key:k1@ops');
    expect(roomScope('read', 'ops')).not.toBe(roomScope('read', 'web'));
  });
});

describe('encodeMessageFrame', () => {
  it('trims the text and carries the client message id', () => {
    const r = encodeMessageFrame('  hi  ', 'id-1');
    expect(r).toEqual({ ok: true, data: '{"type":"message","text":"hi","clientMsgId":"id-1"}' });
  });

  it('refuses an empty message', () => {
    expect(encodeMessageFrame('   ', 'x').ok).toBe(false);
  });

  it('refuses text past the character limit', () => {
    expect(encodeMessageFrame('a'.repeat(CHAT_TEXT_MAX_CHARS + 1), 'x').ok).toBe(false);
    expect(encodeMessageFrame('a'.repeat(CHAT_TEXT_MAX_CHARS), 'x').ok).toBe(true);
  });

  it('keeps the longest escaped or astral text under the frame limit', () => {
    expect(encodeMessageFrame('\u0001'.repeat(CHAT_TEXT_MAX_CHARS), 'x').ok).toBe(true);
    expect(encodeMessageFrame('\u{1F600}'.repeat(1000), 'x').ok).toBe(true);
  });
});

describe('parseServerFrame', () => {
  it('accepts a known frame', () => {
    expect(parseServerFrame('{"type":"typing","name":"al"}')).toEqual({
      type: 'typing',
      name: 'al',
    });
  });

  it.each([['nope'], ['{"type":"other"}'], ['[]'], [null]])('ignores %j', (data) => {
    expect(parseServerFrame(data)).toBeUndefined();
  });
});

describe('newClientMsgId', () => {
  it('uses crypto.randomUUID where the context has it', () => {
    expect(newClientMsgId({ randomUUID: () => 'a-b-c-d-e', getRandomValues: (a) => a })).toBe(
      'a-b-c-d-e',
    );
  });

  it('builds a v4 UUID from getRandomValues on plain-HTTP pages', () => {
    const id = newClientMsgId({ getRandomValues: (a) => crypto.getRandomValues(a) });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
