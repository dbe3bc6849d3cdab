import { describe, expect, it } from 'vitest';
import { describeTyping } from './describe-typing';

describe('describeTyping', () => {
  it.each([
    [[], ''],
    [['a'], 'a is typing…'],
    [['a', 'b'], 'a and b are typing…'],
    [['a', 'b', 'c', 'd'], 'a, b and 2 more are typing…'],
  ])('%j → %s', (names, text) => {
    expect(describeTyping(names)).toBe(text);
  });
});
