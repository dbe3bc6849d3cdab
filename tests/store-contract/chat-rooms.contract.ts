import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChatStore, SYSTEM_SENDER } from '@/lib/store/chat-store';
import type { ContractDatabase, EngineAbilities, OpenContractDatabase } from './harness';

/**
 * The chat rooms contract (issue 14): one id sequence for every room; every read but `tail`
 * reads one room; `tail` gives each message its room; an edit or a delete through another
 * room is `not_found`; a system sender's message reads back with `system: true`. Shared
 * engines keep presence per room.
 */
export function describeChatRoomsContract(
  name: string,
  open: OpenContractDatabase,
  abilities: Pick<EngineAbilities, 'sharedByInstances'>,
): void {
  describe(`ChatStore rooms contract: ${name}`, () => {
    let db: ContractDatabase;
    let chat: ChatStore;
    beforeEach(async () => {
      db = await open();
      chat = db.stores.chat;
    });
    afterEach(() => db.dispose());

    const send = (room: string, text: string, sender = 'name:ada') =>
      chat.append({ room, sender, name: 'ada', text, ts: 1 });

    it('reads each room apart, with one id sequence for all', async () => {
      await send('general', 'g1');
      await send('ops', 'o1');
      await send('general', 'g2');
      await send('ops', 'o2');
      await send('web', 'w1');
      const texts = (messages: { text: string }[]) => messages.map((m) => m.text);
      expect(texts(await chat.recent('general', 10))).toEqual(['g1', 'g2']);
      expect(texts(await chat.recent('ops', 10))).toEqual(['o1', 'o2']);
      expect(texts(await chat.recent('ops', 1))).toEqual(['o2']);
      expect(await chat.recent('nowhere', 10)).toEqual([]);
      expect(await chat.after('ops', 2, 10)).toMatchObject({
        messages: [{ id: 4, text: 'o2' }],
        truncated: false,
      });
      expect(await chat.after('ops', 0, 1)).toMatchObject({
        messages: [{ id: 4 }],
        truncated: true,
      });
      expect(await chat.before('general', undefined, 1)).toMatchObject({
        messages: [{ id: 3 }],
        hasMore: true,
      });
      expect(await chat.before('ops', 4, 10)).toMatchObject({
        messages: [{ id: 2 }],
        hasMore: false,
      });
      expect(await chat.newestId()).toBe(5);
    });

    it('tails every room in id order, each message with its room and no sender', async () => {
      await send('general', 'g1');
      await send('ops', 'o1');
      const tail = await chat.tail(0, 10);
      expect(tail).toEqual([
        { id: 1, name: 'ada', text: 'g1', ts: 1, room: 'general' },
        { id: 2, name: 'ada', text: 'o1', ts: 1, room: 'ops' },
      ]);
    });

    it('tails a message deleted since as deleted (its id passed, its text gone)', async () => {
      const { message } = await send('ops', 'gone soon');
      await send('ops', 'stays');
      expect(await chat.remove('ops', message.id, 'name:ada')).toMatchObject({ ok: true });
      const tail = await chat.tail(0, 10);
      expect(tail.map((m) => [m.id, m.deleted ?? false])).toEqual([
        [message.id, true],
        [message.id + 1, false],
      ]);
      expect(tail[1]).not.toHaveProperty('deleted');
    });

    it('edits and deletes a message only through its own room', async () => {
      const { message } = await send('ops', 'mine');
      expect(await chat.edit('general', message.id, 'name:ada', 'x', 2)).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await chat.remove('general', message.id, 'name:ada')).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await chat.recent('ops', 1)).toMatchObject([{ text: 'mine' }]);
      expect(await chat.edit('ops', message.id, 'name:ada', 'edited', 2)).toMatchObject({
        ok: true,
        value: { text: 'edited', editedAt: 2 },
      });
      expect(await chat.remove('ops', message.id, 'name:ada')).toEqual({
        ok: true,
        value: message.id,
      });
      expect(await chat.newestId()).toBe(message.id);
    });

    it('reads a system message with system: true, in every read, and refuses its change', async () => {
      const { message } = await send('ops', 'firing', SYSTEM_SENDER);
      expect(message).toMatchObject({ text: 'firing', system: true });
      expect(await chat.recent('ops', 1)).toEqual([message]);
      expect((await chat.tail(0, 1))[0]).toEqual({ ...message, room: 'ops' });
      expect(await chat.edit('ops', message.id, 'name:ada', 'x', 2)).toEqual({
        ok: false,
        reason: 'forbidden',
      });
      const plain = await send('ops', 'human');
      expect(plain.message).not.toHaveProperty('system');
    });

    it('answers newestId 0 when nothing is stored', async () => {
      expect(await chat.newestId()).toBe(0);
    });

    if (!abilities.sharedByInstances) return;

    it('keeps presence per room: a name online in two rooms is online in both', async () => {
      const other = await db.openAgain();
      try {
        const [here, there] = [db.stores.cluster, other.stores.cluster];
        await here.publishPresence([
          { room: 'ops', name: 'ada', online: true },
          { room: 'general', name: 'ada', online: true },
          { room: 'general', name: 'bob', online: true },
        ]);
        expect(await there.readPresence('ops')).toEqual(['ada']);
        expect(await there.readPresence('general')).toEqual(['ada', 'bob']);
        expect(await there.readPresence('web')).toEqual([]);
        await here.publishPresence([{ room: 'ops', name: 'ada', online: false }]);
        expect(await there.readPresence('ops')).toEqual([]);
        expect(await there.readPresence('general')).toEqual(['ada', 'bob']);
      } finally {
        await other.dispose();
      }
    });
  });
}
