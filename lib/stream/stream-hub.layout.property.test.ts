import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryDatabase } from '@/lib/testing/memory-database';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import { fastCheckCalls, scheduledStore } from '@/lib/testing/scheduled-stores';
import { StreamHub } from './stream-hub';
import { RecordingSink, settle } from './stream-hub.test-helpers';

describe('StreamHub over a store whose every call is delayed at random', () => {
  it('never leaves a client on an older layout than the newest saved, however saves race', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.nat({ max: 4 }), { minLength: 1, maxLength: 8 }),
        async (s, bases) => {
          const db = new MemoryDatabase();
          const layout = scheduledStore(openMemoryStores(db).layout, fastCheckCalls(s));
          const hub = new StreamHub(openMemoryStores(db).metrics, { keepAliveIntervalMs: 1e9 });
          await hub.start();
          const sink = new RecordingSink();
          hub.open({ windowS: 60 }, sink);
          // What PUT /api/layout does: save, then announce the saved layout with its version.
          const saves = bases.map((base) =>
            s.schedule(Promise.resolve()).then(async () => {
              const saved = await layout.put(base, []);
              hub.broadcast('layout', saved, saved.version);
            }),
          );
          await s.waitFor(Promise.allSettled(saves));
          await settle(s);
          const announced = sink
            .events()
            .filter((e) => e.event === 'layout')
            .map((e) => (e.data as { version: number }).version);
          expect(announced.at(-1) ?? 0).toBe(db.layout.version);
          hub.closeAll(() => 1000);
        },
      ),
      { numRuns: 300 },
    );
  });
});
