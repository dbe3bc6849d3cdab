import { MemoryDatabase } from '@/lib/testing/memory-database';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import { describeEveryContract } from './all-contracts';
import type { ContractDatabase, OpenContractDatabase } from './harness';

// The hubs' property tests run over this double: it must behave like an engine.
const openMemory: OpenContractDatabase = async (options = {}) => {
  const database = new MemoryDatabase();
  const openHandle = (): ContractDatabase => {
    const engine = openMemoryStores(database, { seriesMax: options.seriesMax });
    return { stores: engine, openAgain: async () => openHandle(), dispose: () => engine.close() };
  };
  return openHandle();
};

describeEveryContract('memory double', openMemory, { maxBytes: false });
