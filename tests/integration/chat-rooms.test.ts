import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ChatClient, openChat, refusedUpgrade } from './helpers/chat-client';
import { tryChat } from './helpers/chat-refusal';
import { closeClients } from './helpers/cleanup';
import { getJson } from './helpers/http-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

afterEach(closeClients);

const BAD_ROOM =
  'room must be "general" or a board slug (lowercase letters, digits and single dashes, at most 48)';

describe('chat rooms (issue 14)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0' });
    for (const name of ['Ops', 'Web']) {
      const response = await fetch(`${server.url}/api/boards`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      expect(response.status).toBe(201);
    }
  });
  afterAll(() => server?.stop());

  const join = (name: string, room?: string, extra: Record<string, string> = {}) =>
    openChat(server.wsUrl, { name, ...(room ? { room } : {}), ...extra });
  const history = (query: string) => getJson(`${server.url}/api/chat/messages${query}`);

  /** Sends `text` from `client` and resolves with its ack's id. */
  async function say(client: ChatClient, text: string): Promise<number> {
    const clientMsgId = `m-${Math.random().toString(36).slice(2)}`;
    client.send({ type: 'message', text, clientMsgId });
    const ack = await client.next('ack');
    expect(ack.clientMsgId).toBe(clientMsgId);
    return ack.id;
  }

  it('never delivers a message, typing or presence of one room to a socket of another', async () => {
    const ops1 = await join('ann', 'ops');
    const ops2 = await join('ben', 'ops');
    const web = await join('cat', 'web');
    const general = await join('dan');
    expect(ops1.welcome.room).toBe('ops');
    expect(general.welcome).not.toHaveProperty('room');
    expect(ops2.welcome.online.slice().sort()).toEqual(['ann', 'ben']);
    expect(web.welcome.online).toEqual(['cat']);
    ops1.send({ type: 'typing' });
    await say(ops1, 'ops only');
    expect(await ops2.next('typing')).toEqual({ type: 'typing', name: 'ann' });
    expect(await ops2.next('message')).toMatchObject({ name: 'ann', text: 'ops only' });
    // A message in each other room after it: each socket gets its own and nothing before it.
    await say(web, 'web only');
    await say(general, 'general only');
    await web.roundTrip();
    await general.roundTrip();
    // ann saw ben come online in ops: a presence frame for every room would have been sent then.
    expect(await ops1.next('presence')).toMatchObject({ joined: ['ben'] });
    const seen = (c: ChatClient) =>
      c.log.items.filter(
        (f) => f.type === 'message' || f.type === 'typing' || f.type === 'presence',
      );
    expect(seen(web)).toEqual([]);
    expect(seen(general)).toEqual([]);
    // ann joins web too: online in both rooms; ops keeps her.
    const annInWeb = await join('ann', 'web');
    expect(annInWeb.welcome.online.slice().sort()).toEqual(['ann', 'cat']);
    const late = await join('eve', 'ops');
    expect(late.welcome.online.slice().sort()).toEqual(['ann', 'ben', 'eve']);
    expect(late.welcome.history.map((m) => m.text)).toEqual(['ops only']);
  });

  it('keeps history and since= per room, and GET /api/chat/messages?room= reads one room', async () => {
    const ops = await join('fay', 'ops');
    const general = await join('gil');
    const first = await say(ops, 'ops a');
    await say(general, 'general a');
    await say(ops, 'ops b');
    const resumed = await join('fay', 'ops', { since: String(first) });
    expect(resumed.welcome.history.map((m) => m.text)).toEqual(['ops b']);
    const generalResumed = await join('gil', undefined, { since: String(first) });
    expect(generalResumed.welcome.history.map((m) => m.text)).toEqual(['general a']);

    const page = await history('?room=ops&limit=100');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ room: 'ops', hasMore: false });
    const texts = (page.body as { messages: { text: string }[] }).messages.map((m) => m.text);
    expect(texts).toContain('ops a');
    expect(texts).not.toContain('general a');
    const plain = await history('?limit=100');
    expect(plain.body).not.toHaveProperty('room');
    expect((plain.body as { messages: { text: string }[] }).messages.map((m) => m.text)).toContain(
      'general a',
    );
    expect((await history('?room=general&limit=100')).body).toEqual(plain.body);
  });

  it.each([
    ['room=', 400, 'bad_request'],
    ['room=Ops', 400, 'bad_request'],
    ['room=a_b', 400, 'bad_request'],
    [`room=${'a'.repeat(49)}`, 400, 'bad_request'],
    ['room=ops&room=ops', 400, 'bad_request'],
    ['room=nope', 404, 'not_found'],
    ['room=default', 404, 'not_found'],
  ])('refuses the upgrade ?%s with %i %s', async (query, status, code) => {
    const refused = await refusedUpgrade(`${server.wsUrl}?name=hal&${query}`);
    expect(refused.status).toBe(status);
    expect(refused.body).toMatchObject({ error: { code } });
    if (status === 400 && !query.includes('&room=')) {
      expect(refused.body).toEqual({ error: { code, message: BAD_ROOM } });
    }
  });

  it.each([
    ['room=', 400, 'room must be "general" or a board slug'],
    ['room=Ops', 400, 'room must be "general" or a board slug'],
    ['room=a&room=b', 400, 'room may be given once'],
    ['room=nope', 404, 'there is no chat room nope: no board has that slug'],
    ['room=default', 404, 'there is no chat room default: no board has that slug'],
  ])('answers GET /api/chat/messages?%s with %i', async (query, status, message) => {
    const answer = await history(`?${query}`);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({
      error: { code: status === 400 ? 'bad_request' : 'not_found', message },
    });
  });

  it.each(['Pulseboard', 'pulseboard', 'PULSEBOARD'])(
    'refuses the name %s in any room as a held name',
    async (name) => {
      for (const room of ['general', 'ops']) {
        const outcome = await tryChat(server.wsUrl, { name, room });
        expect(outcome).toMatchObject({
          refused: true,
          code: 4409,
          frames: [{ type: 'error', code: 'name_taken' }],
        });
      }
    },
  );

  it('holds a name across rooms: a name is a person', async () => {
    const holder = await tryChat(server.wsUrl, { name: 'kim', key: 'key-of-kim-1' });
    expect(holder.refused).toBe(false);
    const elsewhere = await tryChat(server.wsUrl, {
      name: 'Kim',
      key: 'key-of-other',
      room: 'ops',
    });
    expect(elsewhere).toMatchObject({
      refused: true,
      code: 4409,
      frames: [{ code: 'name_taken' }],
    });
    // The holder's own key joins another room under its name.
    const same = await tryChat(server.wsUrl, { name: 'kim', key: 'key-of-kim-1', room: 'ops' });
    expect(same).toMatchObject({ refused: false, welcome: { name: 'kim', room: 'ops' } });
  });

  it('closes the sockets of a deleted board room with 4410, keeps its messages, and shows them to a board made again', async () => {
    const created = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Temp' }),
    });
    expect(created.status).toBe(201);
    const temp = await join('ivy', 'temp');
    const general = await join('jon');
    await say(temp, 'before the delete');
    const deleted = await fetch(`${server.url}/api/boards/temp`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await temp.closed).toEqual({ code: 4410, reason: 'board deleted' });
    await general.roundTrip();
    expect(general.ws.readyState).toBe(general.ws.OPEN);
    expect((await refusedUpgrade(`${server.wsUrl}?name=ivy&room=temp`)).status).toBe(404);
    expect((await history('?room=temp')).status).toBe(404);
    const again = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Temp' }),
    });
    expect(await again.json()).toEqual({ slug: 'temp', name: 'Temp' });
    const back = await join('ivy', 'temp');
    expect(back.welcome.history.map((m) => m.text)).toEqual(['before the delete']);
  });

  it('gives a board named General another slug: general is the chat room of everyone', async () => {
    const response = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'General' }),
    });
    expect(await response.json()).toEqual({ slug: 'general-2', name: 'General' });
  });
});
