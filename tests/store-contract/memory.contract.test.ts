import { MemoryDatabase } from '@/lib/testing/memory-database';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import { describeEveryContract } from './all-contracts';
import type { ContractDatabase, OpenContractDatabase } from './harness';

// The hubs' property tests run over this double: it must behave like an engine. In cluster
// mode each handle is an instance sharing the database (as on PostgreSQL).
const openMemory: OpenContractDatabase = async (options = {}) => {
  const database = new MemoryDatabase();
  const openHandle = (): ContractDatabase => {
    const engine = openMemoryStores(database, { seriesMax: options.seriesMax, cluster: true });
    return { stores: engine, openAgain: async () => openHandle(), dispose: () => engine.close() };
  };
  return openHandle();
};

describeEveryContract('memory double', openMemory, {
  maxBytes: false,
  sharedByInstances: true,
});
