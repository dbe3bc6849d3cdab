import { describe, expect, it } from 'vitest';
import { displayTextSchema } from './display-text-schema';

const problem = (schema: ReturnType<typeof displayTextSchema>, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
};

describe('displayTextSchema', () => {
  it('takes 1 to maxChars characters (counted as characters, not UTF-16 units), refused past it', () => {
    const schema = displayTextSchema('title', 3);
    expect(problem(schema, 'a😀c')).toBeUndefined();
    expect(problem(schema, 'abcd')).toBe('title must be at most 3 characters');
    expect(problem(schema, '')).toBe('title must not be empty');
    expect(problem(schema, 7)).toBe('title must be a string');
    expect(problem(schema, 'a\u202Eb')).toMatch(/^title U\+202E .* is not allowed$/);
  });

  it('lets "" through with allowEmpty, and counts without the outer spaces with countTrimmed', () => {
    expect(problem(displayTextSchema('names[]', 3, { allowEmpty: true }), '')).toBeUndefined();
    const trimmed = displayTextSchema('text', 3, { countTrimmed: true });
    expect(problem(trimmed, '  abc  ')).toBeUndefined();
    expect(problem(trimmed, '   ')).toBe('text must not be empty');
  });
});
