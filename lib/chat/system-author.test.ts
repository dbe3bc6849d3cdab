import { describe, expect, it } from 'vitest';
import { CHAT_TEXT_MAX_CHARS } from '@/lib/protocol';
import { isSystemAuthorName, systemPostText } from './system-author';

describe('isSystemAuthorName', () => {
  it.each(['Pulseboard', 'pulseboard', 'PULSEBOARD', 'pUlSeBoArD', 'Ｐｕｌｓｅｂｏａｒｄ'])(
    'knows %s as the system author',
    (name) => {
      expect(isSystemAuthorName(name)).toBe(true);
    },
  );

  it.each(['Pulseboard2', 'pulse board', 'pulseboar', ''])('lets %j be', (name) => {
    expect(isSystemAuthorName(name)).toBe(false);
  });
});

describe('systemPostText', () => {
  it('cuts the text to CHAT_TEXT_MAX_CHARS, as any message', () => {
    expect(systemPostText('general', 'x'.repeat(CHAT_TEXT_MAX_CHARS + 1))).toHaveLength(
      CHAT_TEXT_MAX_CHARS,
    );
    expect(systemPostText('ops', 'firing')).toBe('firing');
  });

  it.each([
    ['Ops', 'text'],
    ['', 'text'],
  ])('refuses room %j', (room, text) => {
    expect(() => systemPostText(room, text)).toThrow(TypeError);
  });

  it.each(['', '   ', '\n'])('refuses the blank text %j', (text) => {
    expect(() => systemPostText('general', text)).toThrow(
      new TypeError('text must be a string with a non-blank character'),
    );
  });
});
