import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { parseHistoryPage } from './chat-history-route';

const parse = (query: string) => parseHistoryPage(new URLSearchParams(query));

describe('parseHistoryPage', () => {
  it('defaults to the newest 50', () => {
    expect(parse('')).toEqual({ room: 'general', before: undefined, limit: 50 });
  });

  it('reads before and limit at their edges', () => {
    expect(parse('before=1&limit=1')).toEqual({ room: 'general', before: 1, limit: 1 });
    expect(parse('before=123456789012345&limit=100')).toEqual({
      room: 'general',
      before: 123456789012345,
      limit: 100,
    });
  });

  it.each([
    ['general', 'general'],
    ['ops', 'ops'],
    ['a-1', 'a-1'],
    ['x'.repeat(48), 'x'.repeat(48)],
  ])('reads room=%s', (room, read) => {
    expect(parse(`room=${room}`).room).toBe(read);
  });

  it.each([
    ['room=', 'room must be "general" or a board slug'],
    ['room=Ops', 'room must be "general" or a board slug'],
    ['room=a--b', 'room must be "general" or a board slug'],
    ['room=-a', 'room must be "general" or a board slug'],
    [`room=${'x'.repeat(49)}`, 'room must be "general" or a board slug'],
    ['room=%C3%A9', 'room must be "general" or a board slug'],
    ['room=a&room=b', 'room may be given once'],
    ['limit=0', 'limit must be a whole number from 1 to 100'],
    ['limit=101', 'limit must be a whole number from 1 to 100'],
    ['limit=1.5', 'limit must be a whole number from 1 to 100'],
    ['limit=', 'limit must be a whole number from 1 to 100'],
    ['before=0', 'before must be a message id (a whole number from 1)'],
    ['before=-1', 'before must be a message id (a whole number from 1)'],
    ['before=x', 'before must be a message id (a whole number from 1)'],
    ['before=1&before=2', 'before may be given once'],
  ])('refuses %s: %s', (query, message) => {
    expect(() => parse(query)).toThrow(new AppError('bad_request', message));
  });
});
