import { describeAlertStoreContract } from './alert-store.contract';
import { describeBoardStoreContract } from './board-store.contract';
import { describeChatEditsContract } from './chat-edits.contract';
import { describeChatRoomsContract } from './chat-rooms.contract';
import { describeChatStoreContract } from './chat-store.contract';
import { describeClusterStoreContract } from './cluster-store.contract';
import type { EngineAbilities, OpenContractDatabase } from './harness';
import { describeLayoutHistoryContract } from './layout-history.contract';
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

/** Every contract of the suite on one engine (the PostgreSQL files use it; SQLite lists its own). */
export function describeEveryContract(
  name: string,
  open: OpenContractDatabase,
  abilities: EngineAbilities,
): void {
  describeMetricStoreContract(name, open);
  describeMetricRangeContract(name, open);
  describeChatStoreContract(name, open);
  describeChatEditsContract(name, open);
  describeChatRoomsContract(name, open, abilities);
  describeLayoutStoreContract(name, open);
  describeBoardStoreContract(name, open);
  describeLayoutHistoryContract(name, open);
  describeAlertStoreContract(name, open);
  describeSessionStoreContract(name, open);
  describeRetentionContract(name, open);
  describeSeriesCapContract(name, open);
  describeSeriesDeleteContract(name, open);
  describeSnapshotBoundsContract(name, open);
  describeSeriesLabelsContract(name, open);
  describeStoreErrorsContract(name, open, abilities);
  describeClusterStoreContract(name, open, abilities);
}
