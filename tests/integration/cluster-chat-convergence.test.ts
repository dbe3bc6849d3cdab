import { describe, expect, it } from 'vitest';
import type { ServerFrame, Widget } from '@/lib/protocol';
import { openChat } from './helpers/chat-client';
import { closeChat, tryChat } from './helpers/chat-refusal';
import { expectClusterHealthy } from './helpers/cluster-load';
import { instanceClusterOfFile } from './helpers/file-instance-cluster';
import { putLayout } from './helpers/http-api';
import { onlineOf, untilOnline } from './helpers/online-names';
import { openSse } from './helpers/sse-client';

/**
 * Longest wait for a frame or an event made on another instance, in milliseconds: the contract
 * is 2 s for presence (heartbeat timeout plus 2 s for a dead instance); the wait only bounds a
 * broken build, the times are measured and logged, never asserted (a loaded machine).
 */
const CROSS_WAIT_MS = 20_000;

/**
 * Issue 12 (f), (g), (h): the chat half of the multi-instance harness, on three real instances
 * over one PostgreSQL (as cluster-streams.test.ts), with (j) checked at the end.
 */
const cluster = instanceClusterOfFile({ idPrefix: 'chat' });

const ws = (i: number) => cluster().instances[i]?.wsUrl ?? '';
const url = (i: number) => cluster().instances[i]?.url ?? '';

describe('chat across three instances over one PostgreSQL', () => {
  it('(f) the same clientMsgId sent to two instances at once: one row, one ack id, one broadcast', async () => {
    const onA = await openChat(ws(0), { name: 'fay' });
    const onB = await openChat(ws(1), { name: 'fay' });
    const watchers = await Promise.all([0, 1, 2].map((i) => openChat(ws(i), { name: `w${i}` })));
    onA.send({ type: 'message', text: 'once', clientMsgId: 'f-key' });
    onB.send({ type: 'message', text: 'once', clientMsgId: 'f-key' });
    const [ackA, ackB] = await Promise.all([onA.next('ack'), onB.next('ack')]);
    expect(ackA.id).toBe(ackB.id);
    expect(
      await cluster().sql("SELECT COUNT(*) FROM chat_messages WHERE client_msg_id = 'f-key'"),
    ).toBe('1');
    // A later message on the third instance marks where the relays of the first end.
    const marker = await openChat(ws(2), { name: 'marker' });
    marker.send({ type: 'message', text: 'marker' });
    const end = (await marker.next('ack')).id;
    for (const watcher of watchers) {
      const ids: number[] = [];
      for (;;) {
        const frame = await watcher.next('message', CROSS_WAIT_MS);
        ids.push(frame.id);
        if (frame.id >= end) break;
      }
      expect(ids.filter((id) => id === ackA.id)).toEqual([ackA.id]);
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
    }
  });

  it('(g) presence converges across instances, and a name on two stays when it leaves one', async () => {
    const gus = await openChat(ws(0), { name: 'gus' });
    const hal = await openChat(ws(2), { name: 'hal' });
    const joinMs = await untilOnline(hal, (online) => online.has('gus'), CROSS_WAIT_MS);
    console.info(
      `presence: a join on instance 1 seen on instance 3 after ${joinMs} ms (contract: 2000 ms)`,
    );
    // gus on a second instance, then gone from the first: still online at hal.
    const gusAgain = await openChat(ws(1), { name: 'gus' });
    expect(gusAgain.welcome.online).toContain('gus');
    gus.close();
    const ivy = await openChat(ws(0), { name: 'ivy' });
    await untilOnline(hal, (online) => online.has('ivy'), CROSS_WAIT_MS);
    // gus never left hal's view (a welcome comes after its name is written), and a welcome on
    // the first instance reads the second's names at the join.
    const left = (hal.log.items as ServerFrame[]).flatMap((f) =>
      f.type === 'presence' ? f.left : [],
    );
    expect(left).not.toContain('gus');
    expect(onlineOf(hal).has('gus')).toBe(true);
    expect(ivy.welcome.online).toContain('gus');
  });

  it('(h) two layout saves on one base version on two instances: one 200, one 409, and the saved layout reaches every instance', async () => {
    const streams = await Promise.all([0, 1, 2].map((i) => openSse(`${url(i)}/api/stream`)));
    for (const stream of streams) await stream.nextEvent('snapshot');
    const widget = (id: string): Widget => ({ id, series: 'host.cpu', kind: 'line', size: 's' });
    const base = Number(
      await cluster().sql('SELECT COALESCE(MAX(version), 0) FROM dashboard_layout'),
    );
    const answers = await Promise.all([
      putLayout(url(0), { baseVersion: base, widgets: [widget('from-1')] }),
      putLayout(url(1), { baseVersion: base, widgets: [widget('from-2')] }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const saved = answers.find((r) => r.status === 200)?.body;
    for (const stream of streams) {
      const event = await stream.next(
        (item) => item.event === 'layout' && JSON.parse(item.data ?? '{}').version === base + 1,
        CROSS_WAIT_MS,
      );
      expect(JSON.parse(event.data ?? 'null')).toEqual(saved);
      stream.close();
    }
  });

  it('a name held on one instance is refused on the others; of two identities taking a free name on two instances at once, one gets it', async () => {
    const holder = await openChat(ws(0), { name: 'nia', key: 'key-of-nia-tab' });
    for (const i of [1, 2]) {
      expect(await tryChat(ws(i), { name: 'NIA', key: 'key-of-someone-else' })).toMatchObject({
        refused: true,
        code: 4409,
        frames: [{ type: 'error', code: 'name_taken' }],
      });
    }
    // The holder's own identity joins on another instance (a second tab behind the balancer).
    const again = await tryChat(ws(2), { name: 'nia', key: 'key-of-nia-tab' });
    expect(again.refused).toBe(false);
    if (!again.refused) await closeChat(again.ws);
    holder.close();
    const race = await Promise.all([
      tryChat(ws(1), { name: 'oto', key: 'key-of-oto-one' }),
      tryChat(ws(2), { name: 'oto', key: 'key-of-oto-two' }),
    ]);
    expect(race.map((outcome) => outcome.refused).sort()).toEqual([false, true]);
    for (const outcome of race) if (!outcome.refused) await closeChat(outcome.ws);
  });

  it("(g) a killed instance's names leave the others' presence; (j) holds after it all", async () => {
    const jan = await openChat(ws(0), { name: 'jan' });
    await openChat(ws(2), { name: 'kim' });
    await untilOnline(jan, (online) => online.has('kim'), CROSS_WAIT_MS);
    await cluster().kill(2);
    const leftMs = await untilOnline(jan, (online) => !online.has('kim'), CROSS_WAIT_MS);
    console.info(`presence: a SIGKILLed instance's names left after ${leftMs} ms`);
    expect(onlineOf(jan).has('jan')).toBe(true);
    await expectClusterHealthy(cluster(), [cluster().idOf(0), cluster().idOf(1)]);
  });
});
