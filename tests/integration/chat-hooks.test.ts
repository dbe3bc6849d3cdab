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

describe('extension hooks from pulseboard.config.ts', () => {
  it('runs the shipped /me hook: the stored, relayed and acked message is the action', async () => {
    const ada = await openChat(server.wsUrl, { name: 'ada' });
    const bob = await openChat(server.wsUrl, { name: 'bob' });
    ada.send({ type: 'message', text: '/me waves', clientMsgId: 'me-1' });
    const ack = await ada.next('ack');
    const relayed = await bob.next('message');
    expect(relayed).toMatchObject({ id: ack.id, name: 'ada', text: '* ada waves' });
    const late = await openChat(server.wsUrl, { name: 'carol' });
    expect(late.welcome.history.at(-1)?.text).toBe('* ada waves');
  });

  it('lets a hook reject a message with an error frame, storing nothing', async () => {
    const ada = await openChat(server.wsUrl, { name: 'ada2' });
    ada.send({ type: 'message', text: '/me' });
    expect(await ada.next('error')).toMatchObject({ code: 'message_rejected' });
    ada.send({ type: 'message', text: 'still here' });
    expect(await ada.next('ack')).toMatchObject({ clientMsgId: null });
  });
});
