import { describe, expect, it } from 'vitest';
import { chatTextParts, mentions } from './chat-text-parts';

describe('chatTextParts', () => {
  it('links http and https URLs as written, leaving trailing punctuation out', () => {
    expect(chatTextParts('see https://example.com/a?b=1, and http://x.test.', undefined)).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', and ' },
      { kind: 'link', text: 'http://x.test', href: 'http://x.test' },
      { kind: 'text', text: '.' },
    ]);
  });

  it.each([
    'javascript:alert(1)',
    'click javascript:alert(document.cookie)//https://x',
    'data:text/html,<script>alert(1)</script>',
    'JaVaScRiPt:alert(1)',
    'ftp://files.example',
  ])('keeps %s as text (no link to anything but http and https)', (text) => {
    const parts = chatTextParts(text, undefined);
    expect(parts.filter((p) => p.kind === 'link' && !/^https?:/i.test(p.href))).toEqual([]);
    expect(parts.map((p) => p.text).join('')).toBe(text);
  });

  it('marks mentions of the reader, any case, on a word edge only', () => {
    expect(chatTextParts('hi @Ada and @adam, @ada!', 'ada')).toEqual([
      { kind: 'text', text: 'hi ' },
      { kind: 'mention', text: '@Ada' },
      { kind: 'text', text: ' and @adam, ' },
      { kind: 'mention', text: '@ada' },
      { kind: 'text', text: '!' },
    ]);
    expect(mentions('ping @ADA', 'ada')).toBe(true);
    expect(mentions('ping @adam', 'ada')).toBe(false);
    expect(mentions('ping @a.b', 'a.b')).toBe(true);
    expect(mentions('ping @axb', 'a.b')).toBe(false);
    expect(mentions('@ada', undefined)).toBe(false);
  });

  it('keeps dashboard links as before', () => {
    expect(chatTextParts('look /?range=1h', undefined)).toEqual([
      { kind: 'text', text: 'look ' },
      { kind: 'dashboard', text: '/?range=1h', href: '/?range=1h' },
    ]);
  });
});
