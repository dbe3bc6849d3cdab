import { describe, expect, it } from 'vitest';
import { describeUnsafeChar, displayTextProblem, findUnsafeChar } from './display-text';

/** Every character the rule refuses that people meet, with the kind the message gives. */
const REFUSED: [string, number, string][] = [
  ['NUL', 0x0000, 'a control character'],
  ['a tab', 0x0009, 'a control character'],
  ['a newline', 0x000a, 'a control character'],
  ['a carriage return', 0x000d, 'a control character'],
  ['ESC', 0x001b, 'a control character'],
  ['DEL', 0x007f, 'a control character'],
  ['NEXT LINE (C1)', 0x0085, 'a control character'],
  ['a C1 control', 0x009b, 'a control character'],
  ['the soft hyphen', 0x00ad, 'an invisible format character'],
  ['the Arabic letter mark', 0x061c, 'a bidi control'],
  ['the Mongolian vowel separator', 0x180e, 'an invisible format character'],
  ['the zero-width space', 0x200b, 'an invisible format character'],
  ['the left-to-right mark', 0x200e, 'a bidi control'],
  ['the right-to-left mark', 0x200f, 'a bidi control'],
  ['the line separator', 0x2028, 'a line or paragraph separator'],
  ['the paragraph separator', 0x2029, 'a line or paragraph separator'],
  ['a left-to-right embedding', 0x202a, 'a bidi control'],
  ['a right-to-left embedding', 0x202b, 'a bidi control'],
  ['the pop directional formatting', 0x202c, 'a bidi control'],
  ['a left-to-right override', 0x202d, 'a bidi control'],
  ['a right-to-left override', 0x202e, 'a bidi control'],
  ['the word joiner', 0x2060, 'an invisible format character'],
  ['an invisible times', 0x2062, 'an invisible format character'],
  ['a left-to-right isolate', 0x2066, 'a bidi control'],
  ['a right-to-left isolate', 0x2067, 'a bidi control'],
  ['a first strong isolate', 0x2068, 'a bidi control'],
  ['the pop directional isolate', 0x2069, 'a bidi control'],
  ['the Hangul filler', 0x3164, 'an invisible format character'],
  ['the byte order mark', 0xfeff, 'an invisible format character'],
  ['an interlinear annotation anchor', 0xfff9, 'an invisible format character'],
  ['a noncharacter', 0xffff, 'a noncharacter'],
  ['a tag character', 0xe0041, 'an invisible format character'],
  ['a lone high surrogate', 0xd800, 'a lone surrogate'],
  ['a lone low surrogate', 0xdc00, 'a lone surrogate'],
];

describe('findUnsafeChar', () => {
  it.each(REFUSED)('refuses %s anywhere, naming its code point', (_name, codePoint, kind) => {
    const char = String.fromCodePoint(codePoint);
    for (const [text, position] of [
      [`${char}ada`, 1],
      [`ada${char}`, 4],
      [`a${char}da`, 2],
      [`👩‍💻${char}`, 4],
    ] as const) {
      expect(findUnsafeChar(text)).toEqual({ codePoint, position, kind });
    }
  });

  it.each([
    ['ada', 'plain ASCII'],
    ['Ada Lovelace', 'inner spaces'],
    ['°C', 'a symbol'],
    ['µs', 'a micro sign'],
    ['José', 'an accent'],
    ['Zoë', 'a precomposed diaeresis'],
    ['Zoe\u0308', 'a combining diaeresis'],
    ['שרה כהן', 'Hebrew'],
    ['زينب', 'Arabic'],
    ['علي\u200cرضا', 'a zero-width non-joiner between Persian letters'],
    ['क्\u200dष', 'a zero-width joiner after a virama (Devanagari half form)'],
    ['👩\u200d💻', 'an emoji ZWJ sequence'],
    ['🧑🏽\u200d💻', 'an emoji ZWJ sequence with a skin tone'],
    ['🏳️\u200d🌈', 'an emoji ZWJ sequence after a variation selector'],
    ['❤️', 'an emoji variation selector'],
    ['葛\u{e0100}', 'an ideographic variation selector'],
    ['日本語', 'CJK'],
    ['Ｆｕｌｌ', 'full-width letters'],
  ])('keeps %j (%s)', (text) => {
    expect(findUnsafeChar(text)).toBeUndefined();
    expect(displayTextProblem(text)).toBeUndefined();
  });

  it.each([
    ['a\u200db', 2, 'a zero-width joiner between Latin letters'],
    ['a\u200cb', 2, 'a zero-width non-joiner between Latin letters'],
    ['\u200d💻', 1, 'a leading joiner'],
    ['👩\u200d', 2, 'a trailing joiner'],
    ['علي\u200c', 4, 'a trailing non-joiner'],
    ['علي\u200c\u200cرضا', 4, 'two non-joiners in a row'],
    ['👩\u200d\u200d💻', 2, 'two joiners in a row'],
  ])('refuses %j: %s', (text, position) => {
    expect(findUnsafeChar(text)).toMatchObject({
      position,
      kind: 'a joiner outside an emoji or a joining script',
    });
  });
});

describe('displayTextProblem', () => {
  it('names the character, its kind and its position', () => {
    expect(displayTextProblem('ad\u202ea')).toBe(
      'U+202E RIGHT-TO-LEFT OVERRIDE (a bidi control) at character 3 is not allowed',
    );
    expect(displayTextProblem('a\u0007')).toBe(
      'U+0007 (a control character) at character 2 is not allowed',
    );
    expect(
      describeUnsafeChar({
        codePoint: 0xe0041,
        position: 1,
        kind: 'an invisible format character',
      }),
    ).toBe('U+E0041 (an invisible format character) at character 1');
  });

  it.each(['', ' ', '\u3000', '\u0301'])('refuses %j: nothing in it is visible', (text) => {
    expect(displayTextProblem(text)).toBe('has no visible character');
  });
});
