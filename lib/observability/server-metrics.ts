import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { ChatHub } from '@/lib/chat/chat-hub';
import type { ErrorTally } from '@/lib/errors';
import type { HookRunner } from '@/lib/hooks/hook-runner';
import type { RetentionSweeper } from '@/lib/store/retention-sweeper';
import type { ChangeNoticeSource, CheckpointSource } from '@/lib/store/stores';
import type { StreamHub } from '@/lib/stream/stream-hub';
import { type AlertMetricSource, registerAlertMetrics } from './alert-metrics';
import { type IngestMetricSources, registerIngestMetrics } from './ingest-metrics';
import { labelledGauge, readCounter, readGauge, type Sample } from './read-metrics';

/** Buckets of the commit-to-push histogram, in seconds. */
export const COMMIT_TO_PUSH_BUCKETS_S = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
];

export type MetricSources = IngestMetricSources & {
  streamHub: StreamHub;
  chatHub: ChatHub;
  httpErrors: ErrorTally;
  hooks: HookRunner;
  /** The WAL checkpointer (WAL size and checkpoint counts); absent in some tests. */
  wal?: CheckpointSource | undefined;
  /** The retention sweeper (rows deleted by kind, last sweep duration); absent in some tests. */
  retention?: RetentionSweeper;
  /** The bound on `GET /api/range` reads (running, waiting, refused); absent in some tests. */
  rangeReads?: { readonly inFlight: number; readonly queued: number; readonly refused: number };
  /** The store's change notices (PostgreSQL's LISTEN and poll); absent for SQLite. */
  changes?: ChangeNoticeSource | undefined;
  /** This instance's name and store engine (`pulseboard_instance_info`); absent in some tests. */
  instance?: { id: () => string; engine: string };
  /** Alert notifications delivered and failed; absent in some tests. */
  alerts?: AlertMetricSource | undefined;
};

/**
 * The Prometheus registry behind `GET /metrics`. The hubs keep plain counters (no cost per
 * event beyond an addition); they are read here only when Prometheus scrapes.
 */
export function createServerMetrics(sources: MetricSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const { streamHub: sse, chatHub: chat } = sources;
  const gauge = (name: string, help: string, read: () => number) =>
    readGauge(registry, name, help, read);
  const counter = (name: string, help: string, labelNames: string[], read: () => Sample[]) =>
    readCounter(registry, name, help, labelNames, read);

  const { instance } = sources;
  if (instance) {
    labelledGauge(
      registry,
      'pulseboard_instance_info',
      'Always 1: this instance (INSTANCE_ID) and its store engine, as labels.',
      ['instance_id', 'engine'],
      () => [[{ instance_id: instance.id(), engine: instance.engine }, 1]],
    );
  }
  gauge('pulseboard_sse_streams_open', 'Open SSE streams.', () => sse.size);
  gauge('pulseboard_chat_sockets_open', 'Open chat WebSockets.', () => chat.connectionCount);
  gauge(
    'pulseboard_sse_filter_groups',
    'Distinct series filters with at least one open stream.',
    () => sse.activeHandles.groups,
  );
  gauge(
    'pulseboard_chat_online_names',
    'Names in the chat presence list.',
    () => chat.activeHandles.online,
  );
  labelledGauge(
    registry,
    'pulseboard_hub_timer_active',
    'Hub timers running (1) or not (0).',
    ['timer'],
    () => [
      [{ timer: 'sse_keepalive' }, Number(sse.activeHandles.keepAlive)],
      [{ timer: 'chat_heartbeat' }, Number(chat.activeHandles.heartbeat)],
      [{ timer: 'chat_presence' }, Number(chat.activeHandles.presenceTimer)],
    ],
  );
  labelledGauge(
    registry,
    'pulseboard_active_resources',
    "Node's active resources (timers, sockets, handles) by type.",
    ['type'],
    activeResources,
  );
  counter('pulseboard_events_sent_total', 'Events written, per channel.', ['channel'], () => [
    [{ channel: 'sse' }, sse.stats.eventsSent],
    [{ channel: 'chat' }, chat.stats.framesSent],
  ]);
  counter('pulseboard_bytes_sent_total', 'Bytes written, per channel.', ['channel'], () => [
    [{ channel: 'sse' }, sse.stats.bytesSent],
    [{ channel: 'chat' }, chat.stats.bytesSent],
  ]);
  counter(
    'pulseboard_sse_starts_total',
    'Streams started by a replay from the log versus a fresh snapshot.',
    ['kind'],
    () => [
      [{ kind: 'replay' }, sse.stats.replaysSent],
      [{ kind: 'snapshot' }, sse.stats.snapshotsSent],
    ],
  );
  counter(
    'pulseboard_slow_reader_disconnects_total',
    'Connections closed because the reader fell too far behind (frames not sent).',
    ['channel'],
    () => [
      [{ channel: 'sse' }, sse.stats.slowReadersDropped],
      [{ channel: 'chat' }, chat.stats.slowReadersDropped],
    ],
  );
  counter('pulseboard_fanout_reads_total', 'Database reads done to fan out commits.', [], () => [
    [{}, sse.stats.fanoutReads],
  ]);
  counter(
    'pulseboard_fanout_serializations_total',
    'SSE events serialised for fan-out (one per change and series filter).',
    [],
    () => [[{}, sse.stats.fanoutSerializations]],
  );
  counter('pulseboard_chat_messages_stored_total', 'Chat messages stored.', [], () => [
    [{}, chat.stats.messagesStored],
  ]);
  counter(
    'pulseboard_chat_messages_relayed_total',
    'Chat message frames delivered to other connections.',
    [],
    () => [[{}, chat.stats.messagesRelayed]],
  );
  counter(
    'pulseboard_errors_total',
    'Errors answered, by channel and code.',
    ['channel', 'code'],
    () => [
      ...Object.entries(sources.httpErrors.counts).map(
        ([code, n]): [Record<string, string>, number] => [{ channel: 'http', code }, n],
      ),
      ...Object.entries(chat.stats.errors.counts).map(
        ([code, n]): [Record<string, string>, number] => [{ channel: 'chat', code }, n],
      ),
    ],
  );
  counter('pulseboard_hook_failures_total', 'Extension hook calls that threw.', [], () => [
    [{}, sources.hooks.failures],
  ]);
  const { changes } = sources;
  if (changes) {
    counter(
      'pulseboard_store_change_notices_total',
      'Commits of other instances noticed, by how: LISTEN/NOTIFY or the fallback poll.',
      ['source'],
      () => [
        [{ source: 'notify' }, changes.stats.listenNotices],
        [{ source: 'poll' }, changes.stats.pollNotices],
      ],
    );
    gauge(
      'pulseboard_store_listener_connected',
      'Whether the LISTEN connection to PostgreSQL is up (1) or not (0).',
      () => Number(changes.stats.listenerConnected),
    );
    counter(
      'pulseboard_store_listener_reconnects_total',
      'Times the LISTEN connection to PostgreSQL was lost and opened again.',
      [],
      () => [[{}, changes.stats.listenerReconnects]],
    );
    gauge(
      'pulseboard_store_notify_queue_usage_ratio',
      "PostgreSQL's NOTIFY queue in use, 0 to 1 (pg_notification_queue_usage(), read every 5 s); a warning is logged over 0.1.",
      () => changes.stats.notifyQueueUsage,
    );
  }
  const { wal } = sources;
  if (wal) {
    gauge('pulseboard_db_wal_bytes', 'Size of the SQLite WAL file, in bytes.', () =>
      wal.walBytes(),
    );
    counter(
      'pulseboard_db_wal_checkpoints_total',
      'WAL checkpoints run, by mode (passive, or truncate when the WAL was over its bound).',
      ['mode'],
      () => [
        [{ mode: 'passive' }, wal.stats.passive],
        [{ mode: 'truncate' }, wal.stats.truncate],
      ],
    );
    gauge(
      'pulseboard_db_wal_checkpoint_max_seconds',
      'Longest WAL checkpoint so far (it runs on the event loop), in seconds.',
      () => wal.stats.maxDurationMs / 1000,
    );
    counter(
      'pulseboard_db_wal_checkpoints_busy_total',
      'WAL checkpoints that could not finish because another connection held on.',
      [],
      () => [[{}, wal.stats.busy]],
    );
  }
  const { retention } = sources;
  if (retention) {
    counter(
      'pulseboard_retention_deleted_rows_total',
      'Rows deleted by the retention sweeper, by kind (raw samples, minute or hour rollups).',
      ['kind'],
      () => Object.entries(retention.stats.deleted).map(([kind, n]) => [{ kind }, n]),
    );
    counter(
      'pulseboard_retention_sweeps_total',
      'Retention sweeps finished (with PostgreSQL, a sweep of an instance that found the retention lock taken deletes nothing).',
      [],
      () => [[{}, retention.stats.sweeps]],
    );
    gauge(
      'pulseboard_retention_last_sweep_seconds',
      'Work time of the last retention sweep (its batches, without the yields), in seconds.',
      () => retention.stats.lastSweepMs / 1000,
    );
    gauge(
      'pulseboard_retention_longest_batch_seconds',
      'Longest single retention DELETE batch so far (it blocks the event loop), in seconds.',
      () => retention.stats.longestBatchMs / 1000,
    );
  }
  const { rangeReads } = sources;
  if (rangeReads) {
    gauge(
      'pulseboard_range_reads_in_flight',
      'GET /api/range reads running (at most RANGE_CONCURRENCY_MAX).',
      () => rangeReads.inFlight,
    );
    gauge(
      'pulseboard_range_reads_queued',
      'GET /api/range requests waiting for a read slot (at most RANGE_QUEUE_MAX).',
      () => rangeReads.queued,
    );
    counter(
      'pulseboard_range_reads_refused_total',
      'GET /api/range requests refused with 503 overloaded (the queue was full).',
      [],
      () => [[{}, rangeReads.refused]],
    );
  }
  registerIngestMetrics(registry, sources);
  if (sources.alerts) registerAlertMetrics(registry, sources.alerts);
  const commitToPush = new Histogram({
    name: 'pulseboard_commit_to_push_seconds',
    help: 'Time from noticing a commit to writing it to every stream.',
    buckets: COMMIT_TO_PUSH_BUCKETS_S,
    registers: [registry],
  });
  return { registry, observeCommitToPush: (ms: number) => commitToPush.observe(ms / 1000) };
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>;

/** `process.getActiveResourcesInfo()` counted by type (`Timeout`, `TCPSocketWrap`, ...). */
function activeResources(): Sample[] {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) {
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return [...counts].map(([type, n]) => [{ type }, n]);
}
