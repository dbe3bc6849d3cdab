import type { AllocationProfile } from './allocation-profile';
import type { GroupDelta, HeapDiff } from './heap-diff';
import type { V8Reading } from './memory-session';
import { fmt } from './report-table';

/** Rows of each per-connection table. */
export const MEMORY_TABLE_ROWS = 25;
/** Rows of each anatomy table. */
export const ANATOMY_PARTS = 12;

/** One server, one kind of connection: both passes of bench/memory-profile.ts. */
export type MemoryProfile = {
  kind: 'chat' | 'sse';
  target: string;
  /** The RSS pass: nothing forced, so garbage not yet collected is in every figure. */
  rss: { connections: number; idle: V8Reading; loaded: V8Reading; peakKiB: number };
  /** The heap pass: readings right after a full garbage collection, and the snapshots' diff. */
  connections: number;
  idle: V8Reading;
  loaded: V8Reading;
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
    `Command: \`${run.command}\` (after \`npm run build\`). Figures per connection are (loaded − idle) / connections opened. Each server runs twice: the RSS pass forces nothing (its figures hold garbage not yet collected, as the bench's peak does); the heap pass collects garbage before each reading and each snapshot, so its figures are live objects only (a snapshot also leaves tens of MB of native memory behind, which is why RSS is read in a pass of its own).`,
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
  const rssPer = (p: MemoryProfile, read: (m: V8Reading) => number) =>
    fmt((read(p.rss.loaded) - read(p.rss.idle)) / p.rss.connections, 1);
  const space = (name: string) => (m: V8Reading) => m.spacesKiB[name] ?? 0;
  const heapPhysical = (m: V8Reading) => Object.values(m.spacesKiB).reduce((a, b) => a + b, 0);
  const heapPer = (p: MemoryProfile, read: (m: V8Reading) => number) =>
    fmt((read(p.loaded) - read(p.idle)) / p.connections, 2);
  const rows: [string, (p: MemoryProfile) => string][] = [
    ['**RSS pass** (nothing forced): connections', (p) => fmt(p.rss.connections)],
    ['RSS idle (MiB)', (p) => fmt(p.rss.idle.rssKiB / 1024, 1)],
    ['RSS peak (MiB)', (p) => fmt(p.rss.peakKiB / 1024, 1)],
    [
      '(peak − idle) per connection (KiB)',
      (p) => fmt((p.rss.peakKiB - p.rss.idle.rssKiB) / p.rss.connections, 1),
    ],
    ['(loaded − idle) per connection (KiB)', (p) => rssPer(p, (m) => m.rssKiB)],
    ['… of which V8 heap, committed (KiB)', (p) => rssPer(p, heapPhysical)],
    ['… … new space (young generation)', (p) => rssPer(p, space('new_space'))],
    ['… … old space', (p) => rssPer(p, space('old_space'))],
    ['… … code space', (p) => rssPer(p, space('code_space'))],
    ['… … large object space', (p) => rssPer(p, space('large_object_space'))],
    [
      '… of which the rest: native (sockets, malloc, Buffers) (KiB)',
      (p) => rssPer(p, (m) => m.rssKiB - heapPhysical(m)),
    ],
    ['V8 heap used, live and garbage (KiB)', (p) => rssPer(p, (m) => m.heapUsedKiB)],
    ['external, Buffers included (KiB)', (p) => rssPer(p, (m) => m.externalKiB)],
    ['**Heap pass** (after a full GC): connections', (p) => fmt(p.connections)],
    ['V8 heap used per connection (KiB)', (p) => heapPer(p, (m) => m.heapUsedKiB)],
    [
      'heap snapshot self sizes per connection (KiB)',
      (p) => fmt((p.diff.heapLoaded - p.diff.heapIdle) / 1024 / p.connections, 2),
    ],
    ['external per connection (KiB)', (p) => heapPer(p, (m) => m.externalKiB)],
    [
      'allocated while opening, garbage included, per connection (KiB)',
      (p) => fmt(p.allocations.totalBytes / 1024 / p.connections, 1),
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
