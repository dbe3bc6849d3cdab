import { describe, expect, it } from 'vitest';
import type { PostgresCluster } from '@/lib/testing/postgres-cluster';
import { type ChatClient, openChat } from './helpers/chat-client';
import { scrapeMetrics } from './helpers/metrics-scrape';
import type { TestServer } from './helpers/start-test-server';
import { terminateListener, twoInstancesOfFile } from './helpers/two-instances';

/** Longest wait for a frame from the other instance (the fallback check is 1 s), in ms. */
const CROSS_WAIT_MS = 15_000;

/**
 * Chat across two instances sharing one PostgreSQL database (issue 12): a message acked on one
 * reaches the sockets of the other, once and in id order; one clientMsgId sent to both at once
 * is one message; `since` resumes on the other instance; typing crosses too.
 */
let cluster: PostgresCluster;
let a: TestServer;
let b: TestServer;
twoInstancesOfFile('chat_cluster', (started) => {
  ({ cluster, a, b } = started);
});

/** The message frames `client` gets up to the one with id `lastId`, in order. */
async function messagesUpTo(client: ChatClient, lastId: number) {
  const got = [];
  for (;;) {
    const frame = await client.next('message', CROSS_WAIT_MS);
    got.push(frame);
    if (frame.id >= lastId) return got;
  }
}

describe('chat on two instances sharing PostgreSQL', () => {
  it('relays a message sent on A to a socket on B, acked on A', async () => {
    const ada = await openChat(a.wsUrl, { name: 'ada' });
    const bob = await openChat(b.wsUrl, { name: 'bob' });
    ada.send({ type: 'message', text: 'from A', clientMsgId: 'x-1' });
    const ack = await ada.next('ack');
    const atB = await bob.next('message', CROSS_WAIT_MS);
    expect(atB).toMatchObject({ id: ack.id, name: 'ada', text: 'from A', clientMsgId: 'x-1' });
  });

  it('stores one row for one clientMsgId sent to A and B at once: one broadcast, the same id acked to both', async () => {
    const onA = await openChat(a.wsUrl, { name: 'cyd' });
    const onB = await openChat(b.wsUrl, { name: 'cyd' });
    const watcher = await openChat(b.wsUrl, { name: 'watcher' });
    const watcherA = await openChat(a.wsUrl, { name: 'watcher-a' });
    onA.send({ type: 'message', text: 'twice', clientMsgId: 'same-key' });
    onB.send({ type: 'message', text: 'twice', clientMsgId: 'same-key' });
    const [ackA, ackB] = await Promise.all([onA.next('ack'), onB.next('ack')]);
    expect(ackA.id).toBe(ackB.id);
    expect(
      await cluster.sql(
        "SELECT COUNT(*) FROM chat_messages WHERE client_msg_id = 'same-key'",
        'chat_cluster',
      ),
    ).toBe('1');
    // A later message marks where the relays of the first one end: each watcher got it once.
    const marker = await openChat(a.wsUrl, { name: 'marker' });
    marker.send({ type: 'message', text: 'marker' });
    const end = (await marker.next('ack')).id;
    for (const w of [watcher, watcherA]) {
      const got = await messagesUpTo(w, end);
      expect(got.filter((m) => m.clientMsgId === 'same-key').map((m) => m.id)).toEqual([ackA.id]);
    }
  });

  it('resumes with since= on the other instance: no gap, no duplicate', async () => {
    const ada = await openChat(a.wsUrl, { name: 'ada' });
    ada.send({ type: 'message', text: 'before' });
    const seen = await ada.next('ack');
    await ada.close();
    const writer = await openChat(a.wsUrl, { name: 'writer' });
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      writer.send({ type: 'message', text: `missed ${i}` });
      ids.push((await writer.next('ack')).id);
    }
    const resumed = await openChat(b.wsUrl, { name: 'ada', since: String(seen.id) });
    writer.send({ type: 'message', text: 'live' });
    const live = await writer.next('ack');
    const history = resumed.welcome.history.map((m) => m.id);
    expect(history).toEqual(ids);
    expect((await resumed.next('message', CROSS_WAIT_MS)).id).toBe(live.id);
  });

  it('relays typing from A to B', async () => {
    const ada = await openChat(a.wsUrl, { name: 'typist' });
    const bob = await openChat(b.wsUrl, { name: 'reader' });
    ada.send({ type: 'typing' });
    expect(await bob.next('typing', CROSS_WAIT_MS)).toEqual({ type: 'typing', name: 'typist' });
  });

  it('keeps relaying after B’s LISTEN connection is ended by pg_terminate_backend', async () => {
    const reader = await openChat(b.wsUrl, { name: 'after-kill' });
    const before = (await scrapeMetrics(b.url)).get('pulseboard_store_listener_reconnects_total');
    expect(await terminateListener(cluster, 'chat_cluster', 'chat_cluster-b')).toBe(1);
    const ada = await openChat(a.wsUrl, { name: 'ada' });
    ada.send({ type: 'message', text: 'still here' });
    const ack = await ada.next('ack');
    expect(await reader.next('message', CROSS_WAIT_MS)).toMatchObject({ id: ack.id });
    // And the listener itself came back (not only the fallback check).
    await expect
      .poll(
        async () => {
          const m = await scrapeMetrics(b.url);
          return [
            m.get('pulseboard_store_listener_connected'),
            (m.get('pulseboard_store_listener_reconnects_total') ?? 0) > (before ?? 0),
          ];
        },
        { timeout: CROSS_WAIT_MS },
      )
      .toEqual([1, true]);
  });
});
