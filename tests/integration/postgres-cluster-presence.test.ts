import { describe, expect, it } from 'vitest';
import { CLUSTER_INSTANCE_TIMEOUT_MS } from '@/lib/store/cluster-store';
import { openChat } from './helpers/chat-client';
import { onlineOf, untilOnline } from './helpers/online-names';
import type { TestServer } from './helpers/start-test-server';
import { twoInstancesOfFile } from './helpers/two-instances';

/**
 * Longest wait for a presence change from the other instance, in ms: the contract is 2 s for a
 * join and the instance timeout plus 2 s for a dead instance; the waits allow a loaded machine
 * (the times measured are logged, not asserted: no assertion depends on the machine's speed).
 */
const PRESENCE_WAIT_MS = CLUSTER_INSTANCE_TIMEOUT_MS + 15_000;

/**
 * Presence across two instances sharing one PostgreSQL database (issue 12): a join on A shows
 * on B; a name online on both stays online when it leaves one; the names of an instance killed
 * with SIGKILL leave the other's presence once its heartbeat times out.
 */
let a: TestServer;
let b: TestServer;
twoInstancesOfFile('presence_cluster', (started) => {
  ({ a, b } = started);
});

describe('presence on two instances sharing PostgreSQL', () => {
  it('shows a join on A at B, and keeps a name on both online when it leaves one', async () => {
    const bob = await openChat(b.wsUrl, { name: 'bob' });
    const adaOnA = await openChat(a.wsUrl, { name: 'ada' });
    const ms = await untilOnline(bob, (online) => online.has('ada'), PRESENCE_WAIT_MS);
    console.info(`presence: a join on A seen on B after ${ms} ms (contract: 2000 ms)`);

    await openChat(b.wsUrl, { name: 'ada' });
    await adaOnA.close();
    // A later change on A proves its leave was published and read: ada stayed online at B.
    await openChat(a.wsUrl, { name: 'carl' });
    await untilOnline(bob, (online) => online.has('carl'), PRESENCE_WAIT_MS);
    expect(onlineOf(bob)).toEqual(new Set(['bob', 'ada', 'carl']));
    const frames = bob.log.items.filter((f) => f.type === 'presence');
    expect(frames.flatMap((f) => (f.type === 'presence' ? f.left : []))).toEqual([]);
  });

  it("drops a killed instance's names within its heartbeat timeout", async () => {
    const dora = await openChat(a.wsUrl, { name: 'dora' });
    await openChat(b.wsUrl, { name: 'eve' });
    await untilOnline(dora, (online) => online.has('eve'), PRESENCE_WAIT_MS);
    await b.stop({ signal: 'SIGKILL' });
    const ms = await untilOnline(dora, (online) => !online.has('eve'), PRESENCE_WAIT_MS);
    console.info(
      `presence: a SIGKILLed instance's names left after ${ms} ms (contract: ${CLUSTER_INSTANCE_TIMEOUT_MS + 2000} ms)`,
    );
    expect(onlineOf(dora).has('dora')).toBe(true);
  });
});
