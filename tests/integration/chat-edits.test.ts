import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { startTestServer, type TestServer } from './helpers/start-test-server';

afterEach(closeClients);

describe('editing and deleting chat messages', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0' });
  });
  afterAll(() => server?.stop());

  it('relays the author’s edit and delete to everyone and keeps them for later welcomes', async () => {
    const ada = await openChat(server.wsUrl, { name: 'ada', key: 'edit-key-ada' });
    const bob = await openChat(server.wsUrl, { name: 'bob', key: 'edit-key-bob' });
    ada.send({ type: 'message', text: 'helo wrld', clientMsgId: 'e1' });
    const { id } = await ada.next('ack');
    ada.send({ type: 'message', text: 'gone soon', clientMsgId: 'e2' });
    const second = await ada.next('ack');

    ada.send({ type: 'edit', id, text: 'hello world' });
    const edited = await bob.next('message_edited');
    expect(edited).toEqual({
      type: 'message_edited',
      id,
      text: 'hello world',
      editedAt: expect.any(Number),
    });
    expect(await ada.next('message_edited')).toEqual(edited);
    ada.send({ type: 'delete', id: second.id });
    expect(await bob.next('message_deleted')).toEqual({ type: 'message_deleted', id: second.id });

    const later = await openChat(server.wsUrl, { name: 'cy' });
    expect(later.welcome.history).toEqual([
      expect.objectContaining({ id, text: 'hello world', editedAt: edited.editedAt }),
    ]);
    const res = await fetch(`${server.url}/api/chat/messages?limit=10`);
    expect(((await res.json()) as { messages: unknown[] }).messages).toEqual(later.welcome.history);
  });

  it('refuses another identity with forbidden, even under the same name', async () => {
    const ada = await openChat(server.wsUrl, { name: 'dora', key: 'edit-key-dora' });
    ada.send({ type: 'message', text: 'mine' });
    const { id } = await ada.next('ack');
    await ada.close();
    // Without holds this would be the same name; with them another key cannot take it, so the
    // intruder comes under another name, and a keyless one with the author's claimed name.
    const intruder = await openChat(server.wsUrl, { name: 'eve', key: 'edit-key-eve' });
    intruder.send({ type: 'edit', id, text: 'not mine' });
    expect(await intruder.next('error')).toMatchObject({ code: 'forbidden' });
    intruder.send({ type: 'delete', id });
    expect(await intruder.next('error')).toMatchObject({ code: 'forbidden' });
    intruder.send({ type: 'delete', id: id + 1000 });
    expect(await intruder.next('error')).toMatchObject({ code: 'not_found' });

    const author = await openChat(server.wsUrl, { name: 'dora', key: 'edit-key-dora' });
    expect(author.welcome.history.at(-1)).toMatchObject({ id, text: 'mine' });
    expect(author.welcome.history.at(-1)).not.toHaveProperty('editedAt');
  });
});
