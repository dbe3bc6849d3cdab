import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { startTestServer, type TestServer } from './helpers/start-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('/ws/chat: across a restart', () => {
  it('keeps every message: a new server on the same DATABASE_PATH has them in history', async () => {
    const ada = await openChat(server.wsUrl, { name: 'ada' });
    const acks = [];
    for (const text of ['before one', 'before two', 'before three']) {
      ada.send({ type: 'message', text, clientMsgId: `restart-${text}` });
      acks.push(await ada.next('ack'));
    }

    server = await server.restart();
    const after = await openChat(server.wsUrl, { name: 'bob' });
    const catchUp = await openChat(server.wsUrl, { since: String(acks[0]?.id) });

    expect(after.welcome.history).toEqual(
      acks.map((ack, i) => ({
        id: ack.id,
        name: 'ada',
        text: ['before one', 'before two', 'before three'][i],
        ts: ack.ts,
        clientMsgId: `restart-${['before one', 'before two', 'before three'][i]}`,
      })),
    );
    expect(catchUp.welcome.history.map((m) => m.id)).toEqual(acks.slice(1).map((a) => a.id));
  });

  it('continues ids after the restart and still recognises a resent clientMsgId', async () => {
    const before = await openChat(server.wsUrl, { name: 'ada' });
    before.send({ type: 'message', text: 'sent before', clientMsgId: 'across-1' });
    const first = await before.next('ack');

    server = await server.restart();
    const after = await openChat(server.wsUrl, { name: 'ada' });
    after.send({ type: 'message', text: 'sent before', clientMsgId: 'across-1' });
    const resent = await after.next('ack');
    after.send({ type: 'message', text: 'sent after' });
    const fresh = await after.next('ack');

    expect(resent).toEqual(first);
    expect(fresh.id).toBeGreaterThan(first.id);
  });
});
