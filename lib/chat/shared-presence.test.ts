import { describe, expect, it } from 'vitest';
import type { ClusterStore, PresenceUpdate } from '@/lib/store/cluster-store';
import { SharedPresence } from './shared-presence';

/** A cluster store whose presence writes end only when the test says so. */
function heldWrites() {
  const writes: { updates: readonly PresenceUpdate[]; done: () => void }[] = [];
  const cluster = {
    shared: true,
    subscribe: () => () => {},
    readPresence: async () => [],
    publishPresence: (updates: readonly PresenceUpdate[]) =>
      new Promise<void>((resolve) => writes.push({ updates, done: resolve })),
  } as unknown as ClusterStore;
  return { cluster, writes };
}

/** Whether `promise` has settled once the queued tasks ran. */
async function isDone(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('SharedPresence.written', () => {
  it('waits for the write carrying the changes made so far, not for later ones', async () => {
    const { cluster, writes } = heldWrites();
    const presence = new SharedPresence(cluster, 'general', () => {});
    presence.join('ada'); // write 1 starts
    presence.join('bob'); // waits for write 1 to end
    const bobWritten = presence.written();
    writes[0]?.done();
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes.map((w) => w.updates.map((u) => u.name))).toEqual([['ada'], ['bob']]);
    presence.join('cyd'); // waits for write 2
    expect(await isDone(bobWritten)).toBe(false);
    writes[1]?.done();
    expect(await isDone(bobWritten)).toBe(true);
    // cyd's write is in flight: settled() waits for it, written() did not.
    expect(writes).toHaveLength(3);
    expect(await isDone(presence.settled())).toBe(false);
    writes[2]?.done();
    expect(await isDone(presence.settled())).toBe(true);
    presence.stop();
  });
});
