import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { login } from './helpers/auth-api';
import { type ChatClient, openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { storedMessages } from './helpers/stores';

afterEach(closeClients);

/** The stored rows carrying `clientMsgId`, as `[name, text]`. */
async function rowsOf(server: TestServer, clientMsgId: string) {
  return (await storedMessages(server.databasePath))
    .filter((m) => m.clientMsgId === clientMsgId)
    .map((m) => [m.name, m.text]);
}

/**
 * Two senders send the same clientMsgId: each must get an ack for its own stored message (the
 * key is scoped to the sender), and the other sees the relayed text. Then the first repeats it.
 */
async function sameIdFromTwoSenders(server: TestServer, a: ChatClient, b: ChatClient, id: string) {
  a.send({ type: 'message', text: 'from a', clientMsgId: id });
  const ackA = await a.next('ack');
  const atB = await b.next('message');
  b.send({ type: 'message', text: 'from b', clientMsgId: id });
  const ackB = await b.next('ack');
  const atA = await a.next('message');

  expect(ackB.id).not.toBe(ackA.id);
  expect(atB).toMatchObject({ id: ackA.id, text: 'from a', clientMsgId: id });
  expect(atA).toMatchObject({ id: ackB.id, text: 'from b', clientMsgId: id });
  expect(await rowsOf(server, id)).toEqual([
    [a.welcome.name, 'from a'],
    [b.welcome.name, 'from b'],
  ]);

  // The same sender repeating its id gets its first ack; nothing new is stored or relayed.
  a.send({ type: 'message', text: 'from a, resent', clientMsgId: id });
  const again = await a.next('ack');
  await b.roundTrip();

  expect(again).toEqual(ackA);
  expect(b.log.pending().filter((f) => f.type === 'message')).toEqual([]);
  expect(await rowsOf(server, id)).toHaveLength(2);
}

describe('clientMsgId is scoped to the sender', () => {
  describe('without access control: the name the connection claims', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ COLLECTOR_ENABLED: '0' });
    });
    afterAll(() => server?.stop());

    it('stores and acks both senders of one id, and answers a repeat with the first ack', async () => {
      const ada = await openChat(server.wsUrl, { name: 'ada-key' });
      const bob = await openChat(server.wsUrl, { name: 'bob-key' });

      await sameIdFromTwoSenders(server, ada, bob, 'shared-id-1');
    });

    it('treats two sockets claiming one name as one sender', async () => {
      const first = await openChat(server.wsUrl, { name: 'cara-key' });
      const second = await openChat(server.wsUrl, { name: 'cara-key' });
      first.send({ type: 'message', text: 'once', clientMsgId: 'shared-id-2' });
      const ack = await first.next('ack');
      await second.next('message');

      second.send({ type: 'message', text: 'twice', clientMsgId: 'shared-id-2' });

      expect(await second.next('ack')).toEqual(ack);
      expect(await rowsOf(server, 'shared-id-2')).toEqual([['cara-key', 'once']]);
    });
  });

  describe('without access control, with identity keys: the key', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ COLLECTOR_ENABLED: '0' });
    });
    afterAll(() => server?.stop());

    it('stores and acks both keys of one id, and answers a repeat with the first ack', async () => {
      const ada = await openChat(server.wsUrl, { name: 'ada-k', key: 'client-key-ada' });
      const bob = await openChat(server.wsUrl, { name: 'bob-k', key: 'client-key-bob' });

      await sameIdFromTwoSenders(server, ada, bob, 'shared-id-4');
    });

    it('answers the same key on a new socket, renamed, with the first ack: the key is the sender', async () => {
      const tab = await openChat(server.wsUrl, { name: 'gil-k', key: 'client-key-gil' });
      tab.send({ type: 'message', text: 'once', clientMsgId: 'shared-id-5' });
      const ack = await tab.next('ack');
      await tab.close();
      const reloaded = await openChat(server.wsUrl, { name: 'gil-renamed', key: 'client-key-gil' });
      reloaded.send({ type: 'message', text: 'once', clientMsgId: 'shared-id-5' });
      expect(await reloaded.next('ack')).toEqual(ack);
      // A keyless socket with another name and the same id is another sender: stored anew.
      const keyless = await openChat(server.wsUrl, { name: 'hal' });
      keyless.send({ type: 'message', text: 'other', clientMsgId: 'shared-id-5' });
      expect((await keyless.next('ack')).id).not.toBe(ack.id);
      expect(await rowsOf(server, 'shared-id-5')).toEqual([
        ['gil-k', 'once'],
        ['hal', 'other'],
      ]);
    });
  });

  describe('with access control: the session user', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({
        COLLECTOR_ENABLED: '0',
        TRUST_PROXY: '1',
        AUTH_USERS: 'ada:pw-ada,bob:pw-bob',
      });
    });
    afterAll(() => server?.stop());

    it('stores and acks both users of one id, and answers a repeat with the first ack', async () => {
      const ada = await openChat(
        server.wsUrl,
        {},
        { headers: { Cookie: await login(server.url, 'ada', 'pw-ada') } },
      );
      const bob = await openChat(
        server.wsUrl,
        {},
        { headers: { Cookie: await login(server.url, 'bob', 'pw-bob') } },
      );

      await sameIdFromTwoSenders(server, ada, bob, 'shared-id-3');
    });
  });
});
