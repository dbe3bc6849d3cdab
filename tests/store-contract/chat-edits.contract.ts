import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatStore } from '@/lib/store/chat-store';
import type { ContractDatabase, OpenContractDatabase } from './harness';

/**
 * The ChatStore contract for edits, deletes and paging (issue 13): only the sender changes a
 * message; an edit keeps the id and sets `editedAt`; a deleted message leaves every read.
 */
export function describeChatEditsContract(name: string, open: OpenContractDatabase): void {
  describe(`ChatStore edits and paging contract: ${name}`, () => {
    let db: ContractDatabase;
    let chat: ChatStore;
    beforeEach(async () => {
      db = await open();
      chat = db.stores.chat;
    });
    afterEach(() => db.dispose());

    async function appendFive(): Promise<void> {
      for (let i = 1; i <= 5; i++) {
        await chat.append({
          room: 'general',
          sender: 'key:ada',
          name: 'ada',
          text: `m${i}`,
          ts: i,
        });
      }
    }

    it('edits its sender’s message: new text and editedAt, in every read', async () => {
      await appendFive();
      const edited = await chat.edit('general', 2, 'key:ada', 'm2 fixed', 1234);
      expect(edited).toEqual({
        ok: true,
        value: { id: 2, name: 'ada', text: 'm2 fixed', ts: 2, editedAt: 1234 },
      });
      expect((await chat.recent('general', 5))[1]).toEqual({
        id: 2,
        name: 'ada',
        text: 'm2 fixed',
        ts: 2,
        editedAt: 1234,
      });
      expect((await chat.after('general', 1, 5)).messages[0]).toMatchObject({
        id: 2,
        editedAt: 1234,
      });
      expect((await chat.before('general', 3, 5)).messages[1]).toMatchObject({
        id: 2,
        text: 'm2 fixed',
      });
      expect((await chat.recent('general', 5))[0]).not.toHaveProperty('editedAt');
    });

    it('lets the author edit and delete through another handle (another instance)', async () => {
      await appendFive();
      const other = await db.openAgain();
      try {
        expect(await other.stores.chat.edit('general', 2, 'key:ada', 'from B', 7)).toMatchObject({
          ok: true,
        });
        expect(await other.stores.chat.edit('general', 2, 'key:bob', 'x', 8)).toEqual({
          ok: false,
          reason: 'forbidden',
        });
        expect(await other.stores.chat.remove('general', 3, 'key:ada')).toEqual({
          ok: true,
          value: 3,
        });
        expect((await chat.recent('general', 5)).map((m) => m.text)).toEqual([
          'm1',
          'from B',
          'm4',
          'm5',
        ]);
      } finally {
        await other.dispose();
      }
    });

    it('refuses another sender (forbidden) and an unknown id (not_found), changing nothing', async () => {
      await appendFive();
      expect(await chat.edit('general', 2, 'key:bob', 'hijack', 1)).toEqual({
        ok: false,
        reason: 'forbidden',
      });
      expect(await chat.remove('general', 2, 'name:ada')).toEqual({
        ok: false,
        reason: 'forbidden',
      });
      expect(await chat.edit('general', 99, 'key:ada', 'x', 1)).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await chat.remove('general', 99, 'key:ada')).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect((await chat.recent('general', 5)).map((m) => m.text)).toEqual([
        'm1',
        'm2',
        'm3',
        'm4',
        'm5',
      ]);
    });

    it('deletes its sender’s message from every read, once', async () => {
      await appendFive();
      expect(await chat.remove('general', 3, 'key:ada')).toEqual({ ok: true, value: 3 });
      expect((await chat.recent('general', 5)).map((m) => m.id)).toEqual([1, 2, 4, 5]);
      expect((await chat.after('general', 2, 5)).messages.map((m) => m.id)).toEqual([4, 5]);
      expect((await chat.before('general', undefined, 5)).messages.map((m) => m.id)).toEqual([
        1, 2, 4, 5,
      ]);
      expect(await chat.remove('general', 3, 'key:ada')).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await chat.edit('general', 3, 'key:ada', 'back', 1)).toEqual({
        ok: false,
        reason: 'not_found',
      });
      const next = await chat.append({
        room: 'general',
        sender: 'key:ada',
        name: 'ada',
        text: 'm6',
      });
      expect(next.message.id).toBe(6);
    });

    it('pages back: the newest below `before`, oldest first, hasMore at the edge', async () => {
      await appendFive();
      expect(await chat.before('general', undefined, 2)).toMatchObject({
        messages: [{ id: 4 }, { id: 5 }],
        hasMore: true,
      });
      expect(await chat.before('general', 4, 2)).toMatchObject({
        messages: [{ id: 2 }, { id: 3 }],
        hasMore: true,
      });
      // Exactly the rest: no more below.
      expect(await chat.before('general', 3, 2)).toMatchObject({
        messages: [{ id: 1 }, { id: 2 }],
        hasMore: false,
      });
      expect(await chat.before('general', 1, 2)).toEqual({ messages: [], hasMore: false });
      await chat.remove('general', 1, 'key:ada');
      expect(await chat.before('general', 4, 2)).toMatchObject({
        messages: [{ id: 2 }, { id: 3 }],
        hasMore: false,
      });
    });
  });
}
