import { describe, expect, it } from 'vitest';
import { parseJoin } from './chat-upgrade';

const join = (query: string) => parseJoin(new URLSearchParams(query));

describe('parseJoin', () => {
  it('assigns a guest name when none is given', () => {
    expect(join('')).toEqual({ name: expect.stringMatching(/^guest-[a-z0-9]{1,4}$/) });
  });

  it('reads name and since', () => {
    expect(join('name=%20ada%20&since=12')).toEqual({ name: 'ada', since: 12 });
  });

  it.each([`name=${'x'.repeat(33)}`, 'name=a%0Ab', 'since=abc', 'since=-1', 'name=a&name=b'])(
    'refuses %s with a sentence',
    (query) => {
      expect(typeof join(query)).toBe('string');
    },
  );
});
