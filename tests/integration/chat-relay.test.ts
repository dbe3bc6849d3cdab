import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ChatClient, openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { storedMessages } from './helpers/stores';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());
afterEach(closeClients);

let room = 0;
/** Opens one connection per name; names are unique to the test. */
async function openRoom(...names: string[]): Promise<ChatClient[]> {
  room++;
  return Promise.all(names.map((name) => openChat(server.wsUrl, { name: `${name}-${room}` })));
}

/** How many stored messages carry this clientMsgId. */
async function countRows(clientMsgId: string): Promise<number> {
  return (await storedMessages(server.databasePath)).filter((m) => m.clientMsgId === clientMsgId)
    .length;
}

describe('/ws/chat: messages', () => {
  it('stores a message, relays it to every other connection, and acks the sender', async () => {
    const [ada, bob, carol] = await openRoom('ada', 'bob', 'carol');
    if (!ada || !bob || !carol) throw new Error('room');

    ada.send({ type: 'message', text: '  hello there  ', clientMsgId: 'relay-1' });
    const ack = await ada.next('ack');
    const atBob = await bob.next('message');
    const atCarol = await carol.next('message');

    const expected = {
      type: 'message',
      id: ack.id,
      name: ada.welcome.name,
      text: 'hello there',
      ts: ack.ts,
      clientMsgId: 'relay-1',
    };
    expect(ack).toEqual({
      type: 'ack',
      clientMsgId: 'relay-1',
      id: expect.any(Number),
      ts: expect.any(Number),
    });
    expect(atBob).toEqual(expected);
    expect(atCarol).toEqual(expected);
    expect(Math.abs(ack.ts - Date.now())).toBeLessThan(60_000);
  });

  it('has stored the message by the time the others receive it', async () => {
    const [ada, bob] = await openRoom('ada', 'bob');
    if (!ada || !bob) throw new Error('room');

    ada.send({ type: 'message', text: 'stored first' });
    const relayed = await bob.next('message');
    const later = await openChat(server.wsUrl, { since: String(relayed.id - 1) });

    expect(later.welcome.history).toEqual([
      { id: relayed.id, name: ada.welcome.name, text: 'stored first', ts: relayed.ts },
    ]);
  });

  it('relays to the other connections of the same name (another tab)', async () => {
    const [ada] = await openRoom('ada');
    if (!ada) throw new Error('room');
    const otherTab = await openChat(server.wsUrl, { name: ada.welcome.name });

    ada.send({ type: 'message', text: 'to my other tab' });
    const relayed = await otherTab.next('message');

    expect(relayed.text).toBe('to my other tab');
    expect(relayed.name).toBe(ada.welcome.name);
  });

  it('does not send a message back to its sender', async () => {
    const [ada, bob] = await openRoom('ada', 'bob');
    if (!ada || !bob) throw new Error('room');

    ada.send({ type: 'message', text: 'from ada' });
    await ada.next('ack');
    bob.send({ type: 'message', text: 'from bob' });
    const firstAtAda = await ada.next('message');

    expect(firstAtAda.text).toBe('from bob');
  });

  it('acks a message without clientMsgId with clientMsgId null, and relays it without one', async () => {
    const [ada, bob] = await openRoom('ada', 'bob');
    if (!ada || !bob) throw new Error('room');

    ada.send({ type: 'message', text: 'no id' });
    const ack = await ada.next('ack');
    const relayed = await bob.next('message');

    expect(ack).toEqual({
      type: 'ack',
      clientMsgId: null,
      id: expect.any(Number),
      ts: expect.any(Number),
    });
    expect(relayed).not.toHaveProperty('clientMsgId');
  });

  it('answers a repeated clientMsgId with the same ack, without a second row or broadcast', async () => {
    const [ada, bob] = await openRoom('ada', 'bob');
    if (!ada || !bob) throw new Error('room');

    ada.send({ type: 'message', text: 'once', clientMsgId: 'dup-1' });
    const first = await ada.next('ack');
    ada.send({ type: 'message', text: 'once', clientMsgId: 'dup-1' });
    const second = await ada.next('ack');
    ada.send({ type: 'message', text: 'barrier' });
    await ada.next('ack');
    const relayed = [await bob.next('message'), await bob.next('message')];

    expect(second).toEqual(first);
    expect(relayed.map((m) => m.text)).toEqual(['once', 'barrier']);
    expect(await countRows('dup-1')).toBe(1);
  });

  it('answers a clientMsgId resent after a reconnect with the first ack', async () => {
    const [ada, bob] = await openRoom('ada', 'bob');
    if (!ada || !bob) throw new Error('room');
    ada.send({ type: 'message', text: 'maybe lost', clientMsgId: 'resend-1' });
    const first = await ada.next('ack');
    await ada.close();

    const again = await openChat(server.wsUrl, { name: ada.welcome.name });
    again.send({ type: 'message', text: 'maybe lost', clientMsgId: 'resend-1' });
    const second = await again.next('ack');

    expect(second).toEqual(first);
    expect(await countRows('resend-1')).toBe(1);
  });
});

describe('/ws/chat: typing', () => {
  it('relays typing to the others with the sender name, not to the sender', async () => {
    const [ada, bob] = await openRoom('ada', 'bob');
    if (!ada || !bob) throw new Error('room');

    ada.send({ type: 'typing' });
    const typing = await bob.next('typing');
    ada.send({ type: 'message', text: 'barrier' });
    await ada.next('ack');

    expect(typing).toEqual({ type: 'typing', name: ada.welcome.name });
    expect(ada.log.items.filter((f) => f.type === 'typing')).toEqual([]);
  });

  it('relays at most one typing frame a second per connection', async () => {
    const [ada, bob] = await openRoom('ada', 'bob');
    if (!ada || !bob) throw new Error('room');

    for (let i = 0; i < 5; i++) ada.send({ type: 'typing' });
    ada.send({ type: 'message', text: 'barrier' });
    await bob.next('message');
    const burst = bob.log.items.filter((f) => f.type === 'typing').length;
    const firstAt = Date.now();
    await expect
      .poll(
        () => {
          ada.send({ type: 'typing' });
          return bob.log.items.filter((f) => f.type === 'typing').length;
        },
        { interval: 150, timeout: 5000 },
      )
      .toBe(2);

    expect(burst).toBe(1);
    expect(Date.now() - firstAt).toBeGreaterThanOrEqual(800);
  });
});
