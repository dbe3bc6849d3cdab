import type { BurstResult } from './burst-scenario';
import type { ChatResult } from './chat-scenario';
import { type ConnectionMemory, KIB_PER_MIB } from './connection-memory';
import type { WindowUsage } from './measurement-window';
import { fmt, type Row } from './report-table';
import type { SseResult } from './sse-scenario';

/** The rows of every SSE table, in order. */
export const SSE_ROWS: Row<SseResult>[] = [
  { label: 'streams opened', value: (r) => r.opened },
  { label: 'failed connections', value: (r) => r.failed },
  { label: 'streams dropped during the run', value: (r) => r.dropped },
  { label: 'time to first event p50 (ms)', value: (r) => r.firstEventMs.p50, digits: 1 },
  { label: 'time to first event p99 (ms)', value: (r) => r.firstEventMs.p99, digits: 1 },
  { label: 'server CPU to open one stream (ms)', value: (r) => r.openCpuMsPerStream, digits: 2 },
  { label: 'commit-to-client latency p50 (ms)', value: (r) => r.latencyMs.p50, digits: 1 },
  { label: 'commit-to-client latency p99 (ms)', value: (r) => r.latencyMs.p99, digits: 1 },
  { label: 'commit-to-client latency max (ms)', value: (r) => r.latencyMs.max, digits: 1 },
  { label: 'POST-sent-to-client latency p50 (ms)', value: (r) => r.sendLatencyMs.p50, digits: 1 },
  { label: 'POST-sent-to-client latency p99 (ms)', value: (r) => r.sendLatencyMs.p99, digits: 1 },
  { label: 'until the last stream had it, p50 (ms)', value: (r) => r.lastStreamMs.p50, digits: 1 },
  { label: 'until the last stream had it, max (ms)', value: (r) => r.lastStreamMs.max, digits: 1 },
  { label: 'events delivered per second', value: (r) => r.eventsPerS },
  { label: 'missing markers', value: (r) => r.missing },
  { label: 'duplicate markers', value: (r) => r.duplicates },
  { label: 'ingest POST round trip p50 (ms)', value: (r) => r.ingestMs.p50, digits: 1 },
  { label: 'marker POSTs failed', value: (r) => r.ingestFailures },
  ...memoryRows<SseResult>('stream'),
  ...usageRows<SseResult>(),
];

/** The rows of the burst table. */
export const BURST_ROWS: Row<BurstResult>[] = [
  { label: 'streams', value: (r) => r.streams },
  { label: '`samples` events per stream, mean', value: (r) => r.eventsPerStream.mean, digits: 1 },
  { label: '`samples` events per stream, max', value: (r) => r.eventsPerStream.max },
  { label: 'samples per event (coalescing)', value: (r) => r.samplesPerEvent, digits: 1 },
  { label: 'commit-to-client latency p50 (ms)', value: (r) => r.latencyMs.p50, digits: 1 },
  { label: 'commit-to-client latency p99 (ms)', value: (r) => r.latencyMs.p99, digits: 1 },
  { label: 'first POST until every stream had all (ms)', value: (r) => r.deliveredWithinMs },
  { label: 'missing samples', value: (r) => r.missing },
  { label: 'duplicate samples', value: (r) => r.duplicates },
  { label: 'burst POSTs failed', value: (r) => r.ingestFailures },
  ...usageRows<BurstResult>(),
];

/** The rows of every chat table. */
export const CHAT_ROWS: Row<ChatResult>[] = [
  { label: 'sockets opened', value: (r) => r.opened },
  { label: 'failed connections', value: (r) => r.failed },
  { label: 'sockets dropped during the run', value: (r) => r.dropped },
  { label: 'time to welcome p50 (ms)', value: (r) => r.welcomeMs.p50, digits: 1 },
  { label: 'time to welcome p99 (ms)', value: (r) => r.welcomeMs.p99, digits: 1 },
  { label: 'server CPU to open one socket (ms)', value: (r) => r.openCpuMsPerSocket, digits: 2 },
  { label: 'messages sent', value: (r) => r.messagesSent },
  { label: 'send-to-receiver latency p50 (ms)', value: (r) => r.latencyMs.p50, digits: 1 },
  { label: 'send-to-receiver latency p99 (ms)', value: (r) => r.latencyMs.p99, digits: 1 },
  { label: 'send-to-receiver latency max (ms)', value: (r) => r.latencyMs.max, digits: 1 },
  {
    label: 'until the last receiver had it, p50 (ms)',
    value: (r) => r.lastReceiverMs.p50,
    digits: 1,
  },
  {
    label: 'until the last receiver had it, max (ms)',
    value: (r) => r.lastReceiverMs.max,
    digits: 1,
  },
  { label: 'send-to-ack p50 (ms)', value: (r) => r.ackMs.p50, digits: 1 },
  {
    label: 'deliveries',
    value: (r) => `${fmt(r.deliveries)} of ${fmt(r.expectedDeliveries)}`,
    ratio: false,
  },
  { label: 'deliveries per second', value: (r) => r.deliveriesPerS },
  { label: 'lost messages', value: (r) => r.lost },
  { label: 'duplicate messages', value: (r) => r.duplicates },
  { label: 'missing acks', value: (r) => r.acksMissing },
  ...memoryRows<ChatResult>('socket'),
  ...usageRows<ChatResult>(),
];

/** Idle, peak and end-of-window RSS of the server, and (peak − idle) per connection. */
function memoryRows<R extends { memory: ConnectionMemory }>(unit: string): Row<R>[] {
  return [
    { label: 'server RSS idle (MiB)', value: (r) => r.memory.idleKiB / KIB_PER_MIB, digits: 1 },
    {
      label: 'server RSS peak under load (MiB)',
      value: (r) => r.memory.peakKiB / KIB_PER_MIB,
      digits: 1,
    },
    {
      label: 'server RSS at the end of the window (MiB)',
      value: (r) => r.memory.endKiB / KIB_PER_MIB,
      digits: 1,
    },
    {
      label: `RSS per ${unit}, (peak − idle) / ${unit}s (KiB)`,
      value: (r) => r.memory.perConnectionKiB,
      digits: 1,
    },
  ];
}

/** Server, load generator and other-process CPU over the measurement window. */
function usageRows<R extends { usage: WindowUsage }>(): Row<R>[] {
  return [
    { label: 'server CPU (% of one core)', value: (r) => r.usage.serverCpuPercent, digits: 1 },
    { label: 'load generator CPU (% of one core, all)', value: (r) => r.usage.loadCpuPercent },
    {
      label: 'load generator event-loop lag p99 (ms)',
      value: (r) => r.usage.loadLagP99Ms,
      digits: 1,
    },
    {
      label: 'other processes on the machine (% of one core)',
      value: (r) => r.usage.otherCpuPercent,
      ratio: false,
    },
  ];
}
