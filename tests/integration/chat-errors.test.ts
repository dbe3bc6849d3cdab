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

const json = (value: unknown) => JSON.stringify(value);

describe('/ws/chat: a bad frame gets an error frame and the connection stays open', () => {
  it.each([
    { name: 'text that is not JSON', frame: 'hello', code: 'invalid_json' },
    { name: 'truncated JSON', frame: '{"type":"message"', code: 'invalid_json' },
    { name: 'a JSON array', frame: json([{ type: 'message', text: 'x' }]), code: 'invalid_frame' },
    { name: 'a JSON string', frame: json('message'), code: 'invalid_frame' },
    { name: 'JSON null', frame: 'null', code: 'invalid_frame' },
    { name: 'an object without a type', frame: json({ text: 'x' }), code: 'unknown_type' },
    { name: 'an unknown type', frame: json({ type: 'shout', text: 'x' }), code: 'unknown_type' },
    { name: 'a type that is not a string', frame: json({ type: 7 }), code: 'unknown_type' },
    { name: 'a message without text', frame: json({ type: 'message' }), code: 'invalid_frame' },
    {
      name: 'a message whose text is a number',
      frame: json({ type: 'message', text: 5 }),
      code: 'invalid_frame',
    },
    {
      name: 'a message of blanks only',
      frame: json({ type: 'message', text: ' \n\t ' }),
      code: 'invalid_frame',
    },
    {
      name: 'a message of 2001 characters',
      frame: json({ type: 'message', text: 'x'.repeat(2001) }),
      code: 'invalid_frame',
    },
    {
      name: 'an empty clientMsgId',
      frame: json({ type: 'message', text: 'x', clientMsgId: '' }),
      code: 'invalid_frame',
    },
    {
      name: 'a 65-character clientMsgId',
      frame: json({ type: 'message', text: 'x', clientMsgId: 'c'.repeat(65) }),
      code: 'invalid_frame',
    },
    {
      name: 'a numeric clientMsgId',
      frame: json({ type: 'message', text: 'x', clientMsgId: 5 }),
      code: 'invalid_frame',
    },
    {
      name: 'a binary frame',
      frame: Buffer.from(json({ type: 'message', text: 'x' })),
      code: 'invalid_frame',
    },
  ])('answers $name with an error frame of code $code', async ({ frame, code }) => {
    const chat = await openChat(server.wsUrl, { name: 'erring' });

    chat.ws.send(frame);
    const error = await chat.next('error');
    chat.send({
      type: 'message',
      text: 'still here',
      clientMsgId: `after-${code}-${Math.random()}`,
    });
    const ack = await chat.next('ack');

    expect(error).toEqual({ type: 'error', code, message: expect.any(String) });
    expect(error.message.length).toBeGreaterThan(0);
    expect(ack).toMatchObject({ type: 'ack', id: expect.any(Number) });
    expect(chat.ws.readyState).toBe(chat.ws.OPEN);
  });

  it('relays nothing to the others for a bad frame', async () => {
    const sender = await openChat(server.wsUrl, { name: 'erring' });
    const other = await openChat(server.wsUrl, { name: 'watching' });

    sender.send({ type: 'message', text: '' });
    await sender.next('error');
    sender.send({ type: 'message', text: 'valid' });
    const relayed = await other.next('message');

    expect(relayed.text).toBe('valid');
  });
});
