import { describe, expect, it } from 'vitest';
import { messageChangedHint, parseClusterHint, typingHint } from './pg-cluster-hints';

describe('parseClusterHint', () => {
  it.each([
    ['c:42', { hint: { kind: 'chat', id: 42 } }],
    [
      messageChangedHint('a1b2', 'ops', 7),
      { hint: { kind: 'message-changed', room: 'ops', id: 7 }, from: 'a1b2' },
    ],
    [
      messageChangedHint('a1b2', 'general', 12),
      { hint: { kind: 'message-changed', room: 'general', id: 12 }, from: 'a1b2' },
    ],
    ['p:3', { hint: { kind: 'presence' } }],
    ['l:9', { hint: { kind: 'layout', version: 9 } }],
    ['g:ops-2', { hint: { kind: 'room-gone', room: 'ops-2' } }],
    ['a:5', { hint: { kind: 'annotation', id: 5 } }],
    [
      typingHint('a1b2', 'ops', 'ada:x'),
      { hint: { kind: 'typing', room: 'ops', name: 'ada:x' }, from: 'a1b2' },
    ],
    [
      typingHint('a1b2', 'general', 'ada'),
      { hint: { kind: 'typing', room: 'general', name: 'ada' }, from: 'a1b2' },
    ],
  ])('reads %s', (payload, parsed) => {
    expect(parseClusterHint(payload)).toEqual(parsed);
  });

  it.each([
    's:1',
    'd:2',
    'c:',
    'c:x',
    'l:1.5',
    'a:',
    'a:x',
    't:nobody',
    't::ada',
    't:a1:',
    't:a1:ops',
    't:a1::ada',
    't:a1:ops:',
    'm:7',
    'm:a1:ops',
    'm:a1:Ops:7',
    'm::ops:7',
    'm:a1:ops:7:8',
    'm:a1:ops:x',
    'g:',
    'g:Ops',
    'g:a:b',
    '',
  ])('ignores %j', (payload) => {
    expect(parseClusterHint(payload)).toBeUndefined();
  });
});
