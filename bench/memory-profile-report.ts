import type { AllocationProfile } from './allocation-profile';
import type { GroupDelta, HeapDiff } from './heap-diff';
import { fmt } from './report-table';

/** Rows of each per-connection table. */
export const MEMORY_TABLE_ROWS = 25;
/** Rows of each anatomy table. */
export const ANATOMY_PARTS = 12;

/** A process's memory at one moment, in KiB. */
export type ProcessMemory = {
  /** VmRSS before the forced collection. */
  rssKiB: number;
  /** The rest: `process.memoryUsage()` right after a full garbage collection. */
  heapUsedKiB: number;
  heapTotalKiB: number;
  externalKiB: number;
  arrayBuffersKiB: number;
};

/** One server, one kind of connection: idle and loaded readings and what the heap gained. */
export type MemoryProfile = {
  kind: 'chat' | 'sse';
  target: string;
  connections: number;
  idle: ProcessMemory;
  loaded: ProcessMemory;
  diff: HeapDiff;
  allocations: AllocationProfile;
};

/** The whole memory profile as Markdown. */
export function renderMemoryProfiles(
  profiles: readonly MemoryProfile[],
  run: { command: string; date: string },
): string {
  const parts = [
    `# Memory per connection, ${run.date}`,
    `Command: \`${run.command}\` (after \`npm run build\`). Bytes per connection are (loaded − idle) / connections opened. The heap figures come from snapshots, which V8 takes after a full garbage collection: they are live objects only. RSS is left to \`npm run bench\`: taking a snapshot leaves tens of MB of native memory behind, so RSS after the idle snapshot no longer compares with the bench's.`,
  ];
  for (const kind of ['chat', 'sse'] as const) {
    const ofKind = profiles.filter((p) => p.kind === kind);
    if (ofKind.length === 0) continue;
    parts.push(`## ${kind === 'chat' ? 'Chat sockets' : 'SSE streams'}`, overview(ofKind));
    for (const p of ofKind) parts.push(...details(p));
  }
  return `${parts.join('\n\n')}\n`;
}

function overview(profiles: readonly MemoryProfile[]): string {
  const per = (p: MemoryProfile, read: (m: ProcessMemory) => number) =>
    fmt(((read(p.loaded) - read(p.idle)) * 1024) / p.connections);
  const rows: [string, (p: MemoryProfile) => string][] = [
    ['connections opened', (p) => fmt(p.connections)],
    ['RSS idle, before the first snapshot (MiB)', (p) => fmt(p.idle.rssKiB / 1024, 1)],
    ['V8 heap used per connection, after GC (bytes)', (p) => per(p, (m) => m.heapUsedKiB)],
    ['V8 heap reserved (heapTotal) per connection (bytes)', (p) => per(p, (m) => m.heapTotalKiB)],
    ['external (Buffers etc.) per connection (bytes)', (p) => per(p, (m) => m.externalKiB)],
    [
      'heap snapshot self sizes per connection (bytes)',
      (p) => fmt((p.diff.heapLoaded - p.diff.heapIdle) / p.connections),
    ],
    [
      'allocated while opening, garbage included, per connection (bytes)',
      (p) => fmt(p.allocations.totalBytes / p.connections),
    ],
  ];
  const lines = [
    `| figure | ${profiles.map((p) => p.target).join(' | ')} |`,
    `| --- | ${profiles.map(() => '---:').join(' | ')} |`,
    ...rows.map(([label, read]) => `| ${label} | ${profiles.map(read).join(' | ')} |`),
  ];
  return lines.join('\n');
}

function details(p: MemoryProfile): string[] {
  const n = p.connections;
  const growth = p.diff.groups
    .filter((g) => g.selfLoaded - g.selfIdle !== 0 || g.countLoaded !== g.countIdle)
    .slice(0, MEMORY_TABLE_ROWS);
  const groupRows = growth.map((g: GroupDelta) => [
    code(g.group),
    fmt((g.countLoaded - g.countIdle) / n, 2),
    fmt((g.selfLoaded - g.selfIdle) / n),
    fmt(g.retainedLoaded / Math.max(1, g.countLoaded)),
  ]);
  const rootRows = p.diff.newRoots
    .slice(0, MEMORY_TABLE_ROWS)
    .map((r) => [code(r.group), fmt(r.count / n, 2), fmt(r.retained / n), code(r.heldBy)]);
  const allocRows = (sites: typeof p.allocations.bySelf) =>
    sites.slice(0, 15).map((s) => [code(s.site), fmt(s.bytes / n)]);
  return [
    `### ${p.target}: heap growth by constructor`,
    table(
      [
        'constructor',
        'new per connection',
        'self bytes per connection',
        'retained bytes per instance (loaded)',
      ],
      groupRows,
    ),
    `### ${p.target}: new objects by their top-most new dominator`,
    'Every object created after the idle snapshot and still alive, attributed to the highest new object that dominates it (holds it alone); "held by" is the old object that holds that one.',
    table(
      ['top-most new object', 'per connection', 'retained bytes per connection', 'held by'],
      rootRows,
    ),
    `### ${p.target}: what the largest new roots hold`,
    'Self sizes of the new objects each top-most new object holds alone, by constructor (strings by their text, digits shown as N), per connection.',
    ...p.diff.anatomy.map((a) =>
      table(
        [`held by \`${a.root}\` (${fmt(a.count / n, 2)} per connection)`, 'bytes per connection'],
        a.parts.slice(0, ANATOMY_PARTS).map((part) => [code(part.part), fmt(part.bytes / n)]),
      ),
    ),
    `### ${p.target}: allocations while opening (sampled, garbage included)`,
    table(['allocating function', 'bytes per connection'], allocRows(p.allocations.bySelf)),
    table(
      ['innermost frame of the server’s own bundle', 'bytes per connection'],
      allocRows(p.allocations.byOwnFrame),
    ),
  ];
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| --- | ${header
      .slice(1)
      .map(() => '---:')
      .join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function code(text: string): string {
  return `\`${text.replaceAll('`', "'").replaceAll('|', '\\|').slice(0, 90)}\``;
}
