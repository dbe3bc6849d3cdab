import { MemoryDatabase } from '@/lib/testing/memory-database';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import { describeChatStoreContract } from './chat-store.contract';
import type { ContractDatabase, OpenContractDatabase } from './harness';
import { describeLayoutStoreContract } from './layout-store.contract';
import { describeMetricRangeContract } from './metric-range.contract';
import { describeMetricStoreContract } from './metric-store.contract';
import { describeRetentionContract } from './retention.contract';
import { describeSeriesCapContract } from './series-cap.contract';
import { describeSeriesDeleteContract } from './series-delete.contract';
import { describeSeriesLabelsContract } from './series-labels.contract';
import { describeSessionStoreContract } from './session-store.contract';
import { describeSnapshotBoundsContract } from './snapshot-bounds.contract';
import { describeStoreErrorsContract } from './store-errors.contract';

// The hubs' property tests run over this double: it must behave like an engine.
const openMemory: OpenContractDatabase = async (options = {}) => {
  const database = new MemoryDatabase();
  const openHandle = (): ContractDatabase => {
    const engine = openMemoryStores(database, { seriesMax: options.seriesMax });
    return { stores: engine, openAgain: async () => openHandle(), dispose: () => engine.close() };
  };
  return openHandle();
};

describeMetricStoreContract('memory double', openMemory);
describeMetricRangeContract('memory double', openMemory);
describeChatStoreContract('memory double', openMemory);
describeLayoutStoreContract('memory double', openMemory);
describeSessionStoreContract('memory double', openMemory);
describeRetentionContract('memory double', openMemory);
describeSeriesCapContract('memory double', openMemory);
describeSeriesDeleteContract('memory double', openMemory);
describeSeriesLabelsContract('memory double', openMemory);
describeSnapshotBoundsContract('memory double', openMemory);
describeStoreErrorsContract('memory double', openMemory, { maxBytes: false });
