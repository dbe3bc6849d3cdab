import { describe, expect, it } from 'vitest';
import { type ChatClient, openChat } from './helpers/chat-client';
import type { TestServer } from './helpers/start-test-server';
import { twoInstancesOfFile } from './helpers/two-instances';

/** Longest wait for a frame from the other instance (the fallback check is 1 s), in ms. */
const CROSS_WAIT_MS = 15_000;

/**
 * Chat rooms across two instances sharing one PostgreSQL database (issues 12 and 14): a message
 * of room A on instance 1 reaches room A on instance 2, never room B; typing and presence keep
 * to their room too. The chat tail reads each message's room from the database.
 */
let a: TestServer;
let b: TestServer;
twoInstancesOfFile('chat_rooms_cluster', async (started) => {
  ({ a, b } = started);
  for (const name of ['Ops', 'Web']) {
    const response = await fetch(`${a.url}/api/boards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    expect(response.status).toBe(201);
  }
});

const seen = (client: ChatClient) =>
  client.log.items.filter((f) => f.type === 'message' || f.type === 'typing');

describe('chat rooms on two instances sharing PostgreSQL', () => {
  it('relays a message and typing of room ops on A to ops on B, never to web or general on B', async () => {
    const ann = await openChat(a.wsUrl, { name: 'ann', room: 'ops' });
    const ben = await openChat(b.wsUrl, { name: 'ben', room: 'ops' });
    const cat = await openChat(b.wsUrl, { name: 'cat', room: 'web' });
    const dan = await openChat(b.wsUrl, { name: 'dan' });
    ann.send({ type: 'typing' });
    expect(await ben.next('typing', CROSS_WAIT_MS)).toEqual({ type: 'typing', name: 'ann' });
    ann.send({ type: 'message', text: 'ops on A', clientMsgId: 'r-1' });
    const ack = await ann.next('ack');
    expect(await ben.next('message', CROSS_WAIT_MS)).toMatchObject({
      id: ack.id,
      name: 'ann',
      text: 'ops on A',
    });
    // A message in web and in general after it, from A: the tail of B relays in id order, so
    // once cat and dan have theirs, they would have had ann's before.
    const eve = await openChat(a.wsUrl, { name: 'eve', room: 'web' });
    const fay = await openChat(a.wsUrl, { name: 'fay' });
    eve.send({ type: 'message', text: 'web on A' });
    fay.send({ type: 'message', text: 'general on A' });
    expect(await cat.next('message', CROSS_WAIT_MS)).toMatchObject({ text: 'web on A' });
    expect(await dan.next('message', CROSS_WAIT_MS)).toMatchObject({ text: 'general on A' });
    expect(seen(cat).map((f) => f.type === 'message' && f.text)).toEqual(['web on A']);
    expect(seen(dan).map((f) => f.type === 'message' && f.text)).toEqual(['general on A']);
    expect(seen(ben).map((f) => f.type)).toEqual(['typing', 'message']);
  });

  it('relays an edit and a delete made on A to the same room on B, and to no other room', async () => {
    const lea = await openChat(a.wsUrl, { name: 'lea', room: 'ops' });
    const max = await openChat(b.wsUrl, { name: 'max', room: 'ops' });
    const ned = await openChat(b.wsUrl, { name: 'ned', room: 'web' });
    lea.send({ type: 'message', text: 'helo', clientMsgId: 'e-1' });
    const { id } = await lea.next('ack');
    expect(await max.next('message', CROSS_WAIT_MS)).toMatchObject({ id, text: 'helo' });
    lea.send({ type: 'edit', id, text: 'hello' });
    expect(await max.next('message_edited', CROSS_WAIT_MS)).toEqual({
      type: 'message_edited',
      id,
      text: 'hello',
      editedAt: expect.any(Number),
    });
    lea.send({ type: 'delete', id });
    expect(await max.next('message_deleted', CROSS_WAIT_MS)).toEqual({
      type: 'message_deleted',
      id,
    });
    // A web message after both: once ned has it, a change sent to every room would be there.
    const oma = await openChat(a.wsUrl, { name: 'oma', room: 'web' });
    oma.send({ type: 'message', text: 'web after' });
    expect(await ned.next('message', CROSS_WAIT_MS)).toMatchObject({ text: 'web after' });
    expect(ned.log.items.map((f) => f.type)).not.toContain('message_edited');
    expect(ned.log.items.map((f) => f.type)).not.toContain('message_deleted');
  });

  it("closes a deleted board's room on both instances with 4410", async () => {
    const created = await fetch(`${a.url}/api/boards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Gone' }),
    });
    expect(created.status).toBe(201);
    const onA = await openChat(a.wsUrl, { name: 'ida', room: 'gone' });
    const onB = await openChat(b.wsUrl, { name: 'jay', room: 'gone' });
    const general = await openChat(b.wsUrl, { name: 'kit' });
    expect((await fetch(`${a.url}/api/boards/gone`, { method: 'DELETE' })).status).toBe(204);
    expect(await onA.closed).toEqual({ code: 4410, reason: 'board deleted' });
    expect(await onB.closed).toEqual({ code: 4410, reason: 'board deleted' });
    await general.roundTrip();
    expect(general.ws.readyState).toBe(general.ws.OPEN);
  });

  it('lists a name online in the rooms it joined, on the other instance', async () => {
    await openChat(a.wsUrl, { name: 'gus', room: 'ops' });
    await openChat(a.wsUrl, { name: 'hal', room: 'web' });
    /** The online list of a new socket of `room` on B, once it names `name`. */
    const onlineOnB = async (room: string, name: string) => {
      let online: string[] = [];
      // The other instance's names are read when the room's presence starts, and on each hint.
      await expect
        .poll(
          async () => {
            const probe = await openChat(b.wsUrl, { name: 'probe', room });
            online = probe.welcome.online;
            await probe.close();
            return online.includes(name);
          },
          { timeout: CROSS_WAIT_MS },
        )
        .toBe(true);
      return online;
    };
    expect(await onlineOnB('ops', 'gus')).not.toContain('hal');
    expect(await onlineOnB('web', 'hal')).not.toContain('gus');
  });
});
