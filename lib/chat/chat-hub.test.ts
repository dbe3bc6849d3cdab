import { describe, expect, it, vi } from 'vitest';
import { CloseCode } from '@/lib/protocol';
import type { ChatStore } from '@/lib/store/chat-store';
import { scheduledStore } from '@/lib/testing/scheduled-stores';
import { CHAT_SHUTDOWN_SETTLE_MAX_MS, ChatHub } from './chat-hub';
import { hub, join, store, withFreshHub } from './chat-hub.test-helpers';

withFreshHub();

describe('ChatHub on shutdown', () => {
  it('stores and acks a message read before closeAll, then closes with 1001', async () => {
    const socket = join('ada');
    socket.receive({ type: 'message', text: 'before', clientMsgId: 'm1' });
    await hub.closeAll();
    const ack = socket.sent.find((f) => f.type === 'ack');
    expect(ack).toMatchObject({ type: 'ack', clientMsgId: 'm1' });
    expect((await store.recent('general', 10)).map((m) => m.clientMsgId)).toEqual(['m1']);
    expect(socket.closedWith).toBe(CloseCode.GoingAway);
  });

  it('neither stores nor acks a message read after the close began', async () => {
    const socket = join('ada');
    const closing = hub.closeAll();
    socket.receive({ type: 'message', text: 'too late', clientMsgId: 'm2' });
    await closing;
    expect(socket.sent.filter((f) => f.type === 'ack' || f.type === 'error')).toEqual([]);
    expect(await store.recent('general', 10)).toEqual([]);
  });

  it('closes the sockets after CHAT_SHUTDOWN_SETTLE_MAX_MS when a store call never answers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stuck = new ChatHub(
      scheduledStore<ChatStore>(store, (label, run) =>
        label.startsWith('append') ? new Promise(() => {}) : run(),
      ),
    );
    const socket = join('ada', stuck);
    socket.receive({ type: 'message', text: 'stuck' });
    await vi.waitFor(() => expect(socket.types()).toContain('welcome'));
    const closing = stuck.closeAll();
    await vi.advanceTimersByTimeAsync(CHAT_SHUTDOWN_SETTLE_MAX_MS - 1);
    expect(socket.closedWith).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await closing;
    expect(socket.closedWith).toBe(CloseCode.GoingAway);
  });
});
