import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContractDatabase, EngineAbilities, OpenContractDatabase } from './harness';

/**
 * The ClusterStore contract. An engine shared by instances: the names one handle (instance)
 * publishes are read by the others, never by itself, distinct and sorted; a name online on two
 * instances stays online until both drop it. An engine one process writes: `shared` is false
 * and every call is a no-op. (Hints over LISTEN/NOTIFY and heartbeat timeouts are proven by
 * tests/integration/postgres-cluster-*.test.ts with real processes.)
 */
export function describeClusterStoreContract(
  name: string,
  open: OpenContractDatabase,
  abilities: Pick<EngineAbilities, 'sharedByInstances'>,
): void {
  describe(`ClusterStore contract: ${name}`, () => {
    let db: ContractDatabase;
    let other: ContractDatabase;
    beforeEach(async () => {
      db = await open();
      other = await db.openAgain();
    });
    afterEach(async () => {
      await other.dispose();
      await db.dispose();
    });

    if (!abilities.sharedByInstances) {
      it('is not shared, reads no other instance and keeps nothing', async () => {
        expect(db.stores.cluster.shared).toBe(false);
        await db.stores.cluster.publishPresence([{ room: 'general', name: 'ada', online: true }]);
        await db.stores.cluster.announceTyping('general', 'ada');
        expect(await other.stores.cluster.readPresence('general')).toEqual([]);
      });
      return;
    }

    it('shows the names one instance publishes to the others, not to itself', async () => {
      const [here, there] = [db.stores.cluster, other.stores.cluster];
      expect(here.shared).toBe(true);
      await here.publishPresence([
        { room: 'general', name: 'bob', online: true },
        { room: 'general', name: 'ada', online: true },
      ]);
      expect(await there.readPresence('general')).toEqual(['ada', 'bob']);
      expect(await here.readPresence('general')).toEqual([]);
      await here.publishPresence([{ room: 'general', name: 'bob', online: false }]);
      expect(await there.readPresence('general')).toEqual(['ada']);
    });

    it('keeps a name online on two instances until both drop it, listed once', async () => {
      const third = await db.openAgain();
      try {
        await db.stores.cluster.publishPresence([{ room: 'general', name: 'ada', online: true }]);
        await other.stores.cluster.publishPresence([
          { room: 'general', name: 'ada', online: true },
        ]);
        expect(await third.stores.cluster.readPresence('general')).toEqual(['ada']);
        await db.stores.cluster.publishPresence([{ room: 'general', name: 'ada', online: false }]);
        expect(await third.stores.cluster.readPresence('general')).toEqual(['ada']);
        await other.stores.cluster.publishPresence([
          { room: 'general', name: 'ada', online: false },
        ]);
        expect(await third.stores.cluster.readPresence('general')).toEqual([]);
      } finally {
        await third.dispose();
      }
    });

    it('applies one instance’s changes in the order they were made', async () => {
      const here = db.stores.cluster;
      await Promise.all([
        here.publishPresence([{ room: 'general', name: 'ada', online: true }]),
        here.publishPresence([{ room: 'general', name: 'ada', online: false }]),
        here.publishPresence([{ room: 'general', name: 'ada', online: true }]),
      ]);
      expect(await other.stores.cluster.readPresence('general')).toEqual(['ada']);
    });
  });
}
