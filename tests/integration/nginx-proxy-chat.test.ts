import { describe, expect, it } from 'vitest';
import { openChat, refusedUpgrade } from './helpers/chat-client';
import { setupNginxProxy } from './helpers/nginx-proxy';

const { through } = setupNginxProxy();

describe('Pulseboard behind nginx (deploy/nginx/pulseboard.conf)', () => {
  it('relays chat through nginx: the other client receives the message, the sender its ack', async () => {
    const origin = through().url; // as a browser on the proxied page sends it
    const ada = await openChat(through().wsUrl, { name: 'ada' }, { origin });
    const bob = await openChat(through().wsUrl, { name: 'bob' }, { origin });

    ada.send({ type: 'message', text: 'hello through nginx', clientMsgId: 'nginx-1' });
    const ack = await ada.next('ack');
    const atBob = await bob.next('message');

    expect(ack).toMatchObject({ type: 'ack', clientMsgId: 'nginx-1' });
    expect(atBob).toEqual({
      type: 'message',
      id: ack.id,
      name: ada.welcome.name,
      text: 'hello through nginx',
      ts: ack.ts,
      clientMsgId: 'nginx-1',
    });
  });

  it('passes the chat origin check through: a foreign Origin still gets 403', async () => {
    const refused = await refusedUpgrade(`${through().wsUrl}?name=eve`, {
      origin: 'http://evil.example',
    });

    expect(refused.status).toBe(403);
  });
});
