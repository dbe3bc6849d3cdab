import { describe, expect, it } from 'vitest';
import { normaliseChatName, parseChatName } from './chat-name';

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

describe('parseChatName', () => {
  it.each([
    [
      '\u202eadmin',
      'name: U+202E RIGHT-TO-LEFT OVERRIDE (a bidi control) at character 1 is not allowed',
    ],
    ['ada\n', 'name: U+000A LINE FEED (a control character) at character 4 is not allowed'],
    ['a\u0000b', 'name: U+0000 NULL (a control character) at character 2 is not allowed'],
    [
      'ada\u00ad',
      'name: U+00AD SOFT HYPHEN (an invisible format character) at character 4 is not allowed',
    ],
    [
      '\u200b',
      'name: U+200B ZERO WIDTH SPACE (an invisible format character) at character 1 is not allowed',
    ],
    ['  ', 'name: has no visible character'],
    ['x'.repeat(33), 'name must be 1 to 32 characters after trimming, got 33'],
  ])('refuses %j saying why', (raw, message) => {
    expect(parseChatName(raw)).toEqual({ ok: false, message });
  });

  it('checks before trimming: a trailing newline is refused, not cut off', () => {
    expect(parseChatName('ada\n')).toMatchObject({ ok: false });
    expect(parseChatName(' ada ')).toEqual({ ok: true, name: 'ada' });
  });
});
