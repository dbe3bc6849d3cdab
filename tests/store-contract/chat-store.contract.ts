import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatStore } from '@/lib/store/chat-store';
import type { ContractDatabase, OpenContractDatabase } from './harness';

/**
 * The ChatStore contract: ids in commit order, clientMsgId idempotent per sender, bounded
 * history reads.
 */
export function describeChatStoreContract(name: string, open: OpenContractDatabase): void {
  describe(`ChatStore contract: ${name}`, () => {
    let db: ContractDatabase;
    let chat: ChatStore;
    beforeEach(async () => {
      db = await open();
      chat = db.stores.chat;
    });
    afterEach(() => db.dispose());

    it('stores messages with increasing ids and the given or current time', async () => {
      const before = Date.now();
      const first = await chat.append({
        room: 'general',
        sender: 'name:ada',
        name: 'ada',
        text: 'one',
      });
      const second = await chat.append({
        room: 'general',
        sender: 'name:bob',
        name: 'bob',
        text: 'two',
        ts: 42,
        clientMsgId: 'm2',
      });
      expect(first.duplicate).toBe(false);
      expect(first.message).toMatchObject({ id: 1, name: 'ada', text: 'one' });
      expect(first.message.ts).toBeGreaterThanOrEqual(before);
      expect(first.message).not.toHaveProperty('clientMsgId');
      expect(second).toEqual({
        message: { id: 2, name: 'bob', text: 'two', ts: 42, clientMsgId: 'm2' },
        duplicate: false,
      });
    });

    it('answers a repeated clientMsgId with the first message and stores nothing', async () => {
      const first = await chat.append({
        room: 'general',
        sender: 'name:ada',
        name: 'ada',
        text: 'hello',
        clientMsgId: 'c1',
      });
      const again = await chat.append({
        room: 'general',
        sender: 'name:ada',
        name: 'ada',
        text: 'hello again',
        clientMsgId: 'c1',
      });
      expect(again).toEqual({ message: first.message, duplicate: true });
      expect(await chat.recent('general', 10)).toEqual([first.message]);
      const other = await chat.append({
        room: 'general',
        sender: 'name:ada',
        name: 'ada',
        text: 'next',
        clientMsgId: 'c2',
      });
      expect(other.message.id).toBe(first.message.id + 1);
    });

    it('scopes clientMsgId to the sender: another sender with the same key is stored', async () => {
      const ada = await chat.append({
        room: 'general',
        sender: 'user:ada',
        name: 'ada',
        text: 'a',
        clientMsgId: 'k',
      });
      const bob = await chat.append({
        room: 'general',
        sender: 'user:bob',
        name: 'bob',
        text: 'b',
        clientMsgId: 'k',
      });
      const claimed = await chat.append({
        room: 'general',
        sender: 'name:ada',
        name: 'ada',
        text: 'c',
        clientMsgId: 'k',
      });
      const again = await chat.append({
        room: 'general',
        sender: 'user:bob',
        name: 'bob',
        text: 'x',
        clientMsgId: 'k',
      });

      expect([ada.duplicate, bob.duplicate, claimed.duplicate]).toEqual([false, false, false]);
      expect(bob.message).toMatchObject({ id: ada.message.id + 1, name: 'bob', text: 'b' });
      expect(claimed.message.id).toBe(bob.message.id + 1);
      expect(again).toEqual({ message: bob.message, duplicate: true });
      expect((await chat.recent('general', 10)).map((m) => m.text)).toEqual(['a', 'b', 'c']);
      expect(await chat.recent('general', 1)).toEqual([claimed.message]);
      expect(claimed.message).not.toHaveProperty('sender');
    });

    it('reads the newest messages oldest first', async () => {
      for (let i = 1; i <= 5; i++)
        await chat.append({ room: 'general', sender: 'name:ada', name: 'ada', text: `m${i}` });
      expect((await chat.recent('general', 3)).map((m) => m.text)).toEqual(['m3', 'm4', 'm5']);
      expect(await chat.recent('general', 0)).toEqual([]);
    });

    it('reads the newest messages after an id, saying when older ones were left out', async () => {
      for (let i = 1; i <= 5; i++)
        await chat.append({ room: 'general', sender: 'name:ada', name: 'ada', text: `m${i}` });
      expect(await chat.after('general', 2, 3)).toMatchObject({
        messages: [{ id: 3 }, { id: 4 }, { id: 5 }],
        truncated: false,
      });
      expect(await chat.after('general', 1, 3)).toMatchObject({
        messages: [{ id: 3 }, { id: 4 }, { id: 5 }],
        truncated: true,
      });
      expect(await chat.after('general', 5, 3)).toEqual({ messages: [], truncated: false });
    });

    it('reads the tail: the oldest messages after an id, in id order', async () => {
      for (let i = 1; i <= 5; i++)
        await chat.append({ room: 'general', sender: 'name:ada', name: 'ada', text: `m${i}` });
      expect((await chat.tail(1, 2)).map((m) => m.id)).toEqual([2, 3]);
      expect((await chat.tail(3, 10)).map((m) => m.text)).toEqual(['m4', 'm5']);
      expect(await chat.tail(5, 10)).toEqual([]);
      expect(await chat.tail(0, 0)).toEqual([]);
    });

    it('tails what another handle on the database stored', async () => {
      const other = await db.openAgain();
      try {
        await chat.append({ room: 'general', sender: 'name:ada', name: 'ada', text: 'first' });
        await other.stores.chat.append({
          room: 'general',
          sender: 'name:bob',
          name: 'bob',
          text: 'second',
        });
        expect((await chat.tail(0, 10)).map((m) => m.text)).toEqual(['first', 'second']);
      } finally {
        await other.dispose();
      }
    });
  });
}
