import { describe, expect, it, vi } from 'vitest';
import { HookRunner } from '@/lib/hooks/hook-runner';
import { ChatErrorCode } from '@/lib/protocol';
import { ChatConnection } from './chat-connection';
import { ChatHub } from './chat-hub';
import { join, store, withFreshHub } from './chat-hub.test-helpers';

withFreshHub();

describe('ChatHub hook contexts', () => {
  it.each([
    ['without hooks', undefined],
    ['with hooks for other events only', new HookRunner([{ name: 'sse', onStreamOpen() {} }])],
  ])(
    'makes none %s: a socket is welcomed, sends, fails and closes without one',
    async (_, hooks) => {
      const read = vi.spyOn(ChatConnection.prototype, 'hookContext', 'get');
      const target = new ChatHub(store, hooks ? { hooks } : {});
      const ada = join('ada', target);
      await vi.waitFor(() => expect(ada.types()).toContain('welcome'));
      ada.receive({ type: 'message', text: 'hi', clientMsgId: 'm1' });
      await vi.waitFor(() => expect(ada.types()).toContain('ack'));
      ada.emit('error', new Error('boom'));
      ada.closed();
      expect(read).not.toHaveBeenCalled();
      read.mockRestore();
      await target.closeAll();
    },
  );

  it('gives every hook of a connection one context, whose send reaches that socket', async () => {
    const contexts: unknown[] = [];
    const hooked = new ChatHub(store, {
      hooks: new HookRunner([
        {
          name: 'spy',
          onOpen: (ctx) => {
            contexts.push(ctx);
            ctx.send({ type: 'error', code: ChatErrorCode.Internal, message: 'from a hook' });
          },
          onMessage: (ctx) => void contexts.push(ctx),
          onClose: (ctx) => void contexts.push(ctx),
        },
      ]),
    });
    const ada = join('ada', hooked);
    await vi.waitFor(() => expect(ada.types()).toEqual(['welcome', 'error']));
    ada.receive({ type: 'message', text: 'hi', clientMsgId: 'm1' });
    await vi.waitFor(() => expect(ada.types()).toContain('ack'));
    ada.closed();

    expect(contexts).toHaveLength(3);
    expect(new Set(contexts).size).toBe(1);
    expect(contexts[0]).toMatchObject({ name: 'ada', connectionId: expect.any(String) });
    await hooked.closeAll();
  });
});
