import { describe, expect, it, vi } from 'vitest';
import { meCommand } from './examples/me-command';
import { HookRunner } from './hook-runner';
import type { ChatHookContext, PulseboardHooks } from './hook-types';

const ctx: ChatHookContext = {
  connectionId: 'c1',
  name: 'ada',
  remoteAddress: '127.0.0.1',
  room: 'general',
  send: () => {},
  postSystem: () => Promise.reject(new Error('not in this test')),
};

describe('HookRunner', () => {
  it('keeps calling the other hooks when one throws, and counts the failure', () => {
    const seen = vi.fn();
    const runner = new HookRunner([
      {
        name: 'broken',
        onOpen() {
          throw new Error('boom');
        },
      },
      { name: 'fine', onOpen: seen },
    ]);
    runner.onOpen(ctx);
    expect(seen).toHaveBeenCalledWith(ctx);
    expect(runner.failures).toBe(1);
  });

  it('chains onMessage: each hook sees the previous text; a throwing hook is skipped', () => {
    const hooks: PulseboardHooks[] = [
      { name: 'upper', onMessage: (_c, m) => ({ text: m.text.toUpperCase() }) },
      {
        name: 'broken',
        onMessage() {
          throw new Error('boom');
        },
      },
      { name: 'bang', onMessage: (_c, m) => ({ text: `${m.text}!` }) },
    ];
    expect(new HookRunner(hooks).onMessage(ctx, 'hi')).toEqual({ text: 'HI!' });
  });

  it('stops at the first rejection', () => {
    const later = vi.fn();
    const runner = new HookRunner([
      { name: 'no', onMessage: () => ({ reject: 'nope' }) },
      { name: 'later', onMessage: later },
    ]);
    expect(runner.onMessage(ctx, 'hi')).toEqual({ reject: 'nope' });
    expect(later).not.toHaveBeenCalled();
  });

  it('says which events some hook implements', () => {
    const runner = new HookRunner([
      { name: 'a', onMessage: () => undefined },
      { name: 'b', onStreamClose: () => {} },
    ]);
    expect(
      (['onOpen', 'onMessage', 'onClose', 'onError', 'onStreamOpen', 'onStreamClose'] as const).map(
        (event) => runner.has(event),
      ),
    ).toEqual([false, true, false, false, false, true]);
    expect(new HookRunner().has('onOpen')).toBe(false);
  });

  it('passes the text through with no hooks', () => {
    expect(new HookRunner().onMessage(ctx, 'hi')).toEqual({ text: 'hi' });
  });
});

describe('meCommand', () => {
  const runner = new HookRunner([meCommand()]);
  it.each([
    ['/me waves', { text: '* ada waves' }],
    ['/me   waves twice ', { text: '* ada waves twice' }],
    ['/me', { reject: 'say what you do: /me <action>' }],
    ['/meh', { text: '/meh' }],
    ['hello /me', { text: 'hello /me' }],
  ])('%j → %j', (text, expected) => {
    expect(runner.onMessage(ctx, text)).toEqual(expected);
  });
});
