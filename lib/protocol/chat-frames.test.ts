import { describe, expect, it } from 'vitest';
import { parseClientFrame } from './chat-frames';

describe('parseClientFrame', () => {
  it.each([
    ['not json', 'invalid_json'],
    ['', 'invalid_json'],
    ['[]', 'invalid_frame'],
    ['null', 'invalid_frame'],
    ['"message"', 'invalid_frame'],
    ['{}', 'unknown_type'],
    ['{"type":"shout"}', 'unknown_type'],
    ['{"type":7}', 'unknown_type'],
    ['{"type":"message"}', 'invalid_frame'],
    ['{"type":"message","text":42}', 'invalid_frame'],
    ['{"type":"message","text":"   "}', 'invalid_frame'],
    [`{"type":"message","text":"${'x'.repeat(2001)}"}`, 'invalid_frame'],
    [`{"type":"message","text":"hi","clientMsgId":"${'c'.repeat(65)}"}`, 'invalid_frame'],
    ['{"type":"message","text":"hi","clientMsgId":""}', 'invalid_frame'],
    ['{"type":"message","text":"hi","clientMsgId":5}', 'invalid_frame'],
    ['{"type":"edit","id":1}', 'invalid_frame'],
    ['{"type":"edit","id":0,"text":"x"}', 'invalid_frame'],
    ['{"type":"edit","id":1.5,"text":"x"}', 'invalid_frame'],
    ['{"type":"edit","id":"1","text":"x"}', 'invalid_frame'],
    ['{"type":"edit","id":1,"text":"  "}', 'invalid_frame'],
    [`{"type":"edit","id":1,"text":"${'x'.repeat(2001)}"}`, 'invalid_frame'],
    ['{"type":"delete"}', 'invalid_frame'],
    ['{"type":"delete","id":-3}', 'invalid_frame'],
  ])('rejects %s with %s', (raw, code) => {
    const result = parseClientFrame(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.message.length).toBeGreaterThan(0);
    }
  });

  it('accepts a message, trimming its text', () => {
    expect(parseClientFrame('{"type":"message","text":"  hello  ","clientMsgId":"a1"}')).toEqual({
      ok: true,
      frame: { type: 'message', text: 'hello', clientMsgId: 'a1' },
    });
  });

  it('accepts text of exactly 2000 characters and a clientMsgId of 64', () => {
    const raw = JSON.stringify({
      type: 'message',
      text: 'y'.repeat(2000),
      clientMsgId: 'c'.repeat(64),
    });
    expect(parseClientFrame(raw).ok).toBe(true);
  });

  it('accepts typing', () => {
    expect(parseClientFrame('{"type":"typing"}')).toEqual({ ok: true, frame: { type: 'typing' } });
  });

  it('accepts edit (text trimmed) and delete of a message id', () => {
    expect(parseClientFrame('{"type":"edit","id":7,"text":" fixed "}')).toEqual({
      ok: true,
      frame: { type: 'edit', id: 7, text: 'fixed' },
    });
    expect(parseClientFrame('{"type":"delete","id":7}')).toEqual({
      ok: true,
      frame: { type: 'delete', id: 7 },
    });
  });

  it('names the bad field in the message', () => {
    const result = parseClientFrame('{"type":"message","text":5}');
    expect(result.ok === false && result.message).toMatch(/^text:/);
  });
});
