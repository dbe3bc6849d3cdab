import { describe, expect, it, vi } from 'vitest';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import { createChatStats } from './chat-connection';
import type { ChatRoom } from './chat-room';
import { ChatTail } from './chat-tail';

/** A room that records what it was asked to relay. */
function recordingRoom() {
  const relayed: { room: string; frame: unknown }[] = [];
  const room = {
    broadcast: vi.fn((name: string, data: string) => {
      relayed.push({ room: name, frame: JSON.parse(data) });
      return 1;
    }),
  };
  return { room: room as unknown as ChatRoom, relayed };
}

describe('ChatTail', () => {
  it('passes a message deleted before it was read without relaying it, and relays the next', async () => {
    const { chat } = openMemoryStores();
    const { room, relayed } = recordingRoom();
    const tail = new ChatTail(chat, room, createChatStats());
    await tail.catchUp(); // starts at the newest stored (none)
    const send = (text: string) =>
      chat.append({ room: 'ops', sender: 'name:ada', name: 'ada', text, ts: 1 });
    const gone = await send('gone soon');
    await send('stays');
    await chat.remove('ops', gone.message.id, 'name:ada');

    await tail.catchUp();

    expect(relayed).toEqual([
      {
        room: 'ops',
        frame: { type: 'message', id: gone.message.id + 1, name: 'ada', text: 'stays', ts: 1 },
      },
    ]);
    expect(tail.lastId).toBe(gone.message.id + 1);
  });
});
