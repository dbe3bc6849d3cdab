import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStores } from '@/lib/store/sqlite/open-sqlite-stores';
import { describeEveryContract } from './all-contracts';
import type { ContractDatabase, OpenContractDatabase } from './harness';
import { describeMetricRangeContract } from './metric-range.contract';

/** A SQLite file in a fresh temp folder; the folder goes with the first handle. */
const openSqlite: OpenContractDatabase = async (options = {}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-contract-'));
  const file = path.join(dir, 'db.sqlite');
  const openHandle = (owner: boolean): ContractDatabase => {
    const engine = openSqliteStores({
      path: file,
      maxBytes: options.maxBytes,
      seriesMax: options.seriesMax,
    });
    return {
      stores: engine,
      openAgain: async () => openHandle(false),
      async dispose() {
        await engine.close();
        if (owner) fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  };
  return openHandle(true);
};

/**
 * An in-memory database: a range worker cannot open it, so its range reads run on the event
 * loop (the fallback); only the range contract runs on it (it has no second handle).
 */
const openSqliteInMemory: OpenContractDatabase = async () => {
  const engine = openSqliteStores({ path: ':memory:' });
  return {
    stores: engine,
    openAgain: () => Promise.reject(new Error('an in-memory database has no second handle')),
    dispose: () => engine.close(),
  };
};

describeEveryContract('sqlite (range read in a worker thread)', openSqlite, {
  maxBytes: true,
  sharedByInstances: false,
});
describeMetricRangeContract('sqlite :memory: (range read on the event loop)', openSqliteInMemory);
