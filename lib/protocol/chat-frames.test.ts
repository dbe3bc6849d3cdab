import { describe, expect, it } from 'vitest';
import { normaliseChatName, parseClientFrame } from './chat-frames';

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

  it('names the bad field in the message', () => {
    const result = parseClientFrame('{"type":"message","text":5}');
    expect(result.ok === false && result.message).toMatch(/^text:/);
  });
});

describe('normaliseChatName', () => {
  it.each([
    ['  ada ', 'ada'],
    ['x'.repeat(32), 'x'.repeat(32)],
    ['', null],
    ['   ', null],
    ['x'.repeat(33), null],
    ['bad\nname', null],
    ['زينب', 'زينب'],
    ['שרה כהן', 'שרה כהן'],
    ['علي\u200cرضا', 'علي\u200cرضا'],
    ['👩\u200d💻 ada', '👩\u200d💻 ada'],
    ['\u200b', null],
    ['\u200b\u200c\u200d', null],
    ['ada\u200bbob', null],
    ['ada\u2060', null],
    ['a\ufeffb', null],
    ['\u202eadmin', null],
    ['ada\u202a', null],
    ['ada\u202b', null],
    ['ada\u202c', null],
    ['ada\u202d', null],
    ['\u2066ada', null],
    ['\u2067ada', null],
    ['\u2068ada', null],
    ['ada\u2069', null],
    ['ada\u0085', null],
    ['ada\u2028bob', null],
    ['bad\u007fname', null],
  ])('%j becomes %j', (raw, expected) => {
    expect(normaliseChatName(raw)).toBe(expected);
  });
});
