import { describe, expect, it } from 'vitest';
import { ANNOTATION_TEXT_MAX_CHARS } from '@/lib/protocol';
import { annotationOfMessage } from './pin-message';

describe('annotationOfMessage', () => {
  it('is the author and text at the message time, on the board (none for the default one)', () => {
    const message = { name: 'ann', text: 'deploy\n  v1.4 done', ts: 5_000 };
    expect(annotationOfMessage(message, 'ops')).toEqual({
      text: 'ann: deploy v1.4 done',
      ts: 5_000,
      board: 'ops',
    });
    expect(annotationOfMessage(message, 'default')).toEqual({
      text: 'ann: deploy v1.4 done',
      ts: 5_000,
    });
  });

  it('cuts a long text to the annotation limit with an ellipsis, by code point', () => {
    const long = { name: 'ann', text: '😀'.repeat(ANNOTATION_TEXT_MAX_CHARS), ts: 1 };
    const { text } = annotationOfMessage(long, 'ops');
    expect([...text]).toHaveLength(ANNOTATION_TEXT_MAX_CHARS);
    expect(text.endsWith('😀…')).toBe(true);
    const exact = { name: 'a', text: 'x'.repeat(ANNOTATION_TEXT_MAX_CHARS - 3), ts: 1 };
    expect(annotationOfMessage(exact, 'ops').text).toBe(`a: ${exact.text}`);
  });
});
