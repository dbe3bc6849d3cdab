/**
 * Where the memory per connection goes, apart from `npm run bench`:
 *
 *   npm run build && node --max-old-space-size=4096 --import tsx bench/memory-profile.ts
 *
 * For chat sockets and SSE streams, Pulseboard's production server and the raw baseline each
 * run twice with `--inspect=127.0.0.1:0` and MEMORY_CLIENTS connections (default 2000):
 * 1. the RSS pass: RSS idle and loaded split into V8's heap spaces, external memory and the
 *    rest (native), plus the peak, with nothing forced (no GC, no snapshot);
 * 2. the heap pass: a heap snapshot idle and one loaded (V8 collects garbage first), diffed by
 *    constructor and by dominator, and every allocation sampled while the connections opened,
 *    garbage included.
 * Loopback only. Writes bench/results/<date>-memory-profile-<clients>.md; see bench/memory.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAllocationSampling, stopAllocationSampling } from './allocation-profile';
import { bundleBaselines } from './bundle-baselines';
import { installChildCleanup, killAllChildren } from './child-registry';
import { wallNow } from './clock';
import { diffHeaps, type HeapDiff } from './heap-diff';
import { buildHeapGraph } from './heap-graph';
import { readHeapSnapshot } from './heap-snapshot-read';
import { type MemoryProfile, renderMemoryProfiles } from './memory-profile-report';
import { type Kind, MemorySession } from './memory-session';
import { PeakRss } from './peak-rss';
import { PROJECT_ROOT, type ServerSpec } from './server-process';
import {
  baselineChatSpec,
  baselineSseSpec,
  pulseboardSpec,
  resolveServerMode,
} from './server-specs';

/** Connections opened per pass unless MEMORY_CLIENTS says otherwise. */
export const MEMORY_CLIENTS_DEFAULT = 2000;
/** The server's own code, for the allocation table by own frame. */
const OWN_CODE = /\/dist\/|pulseboard-bench\//;

installChildCleanup();
const clients = Number(process.env.MEMORY_CLIENTS ?? MEMORY_CLIENTS_DEFAULT);
if (!Number.isInteger(clients) || clients < 1) {
  throw new TypeError(
    `MEMORY_CLIENTS must be a positive whole number, got "${process.env.MEMORY_CLIENTS}"`,
  );
}
const kinds = (process.env.MEMORY_KINDS ?? 'chat,sse')
  .split(',')
  .filter((k): k is Kind => k === 'chat' || k === 'sse');
const mode = resolveServerMode();
const scratch = mkdtempSync(path.join(tmpdir(), 'pulseboard-heap-'));
try {
  if (mode === 'dist') await bundleBaselines();
  const profiles: MemoryProfile[] = [];
  for (const kind of kinds) {
    const specs =
      kind === 'chat'
        ? [baselineChatSpec(mode), pulseboardSpec(mode)]
        : [baselineSseSpec(mode), pulseboardSpec(mode)];
    for (const spec of specs) {
      process.stderr.write(`memory: ${kind} ${spec.label} with ${clients} …`);
      const began = wallNow();
      const rss = await rssPass(kind, spec, clients);
      profiles.push({ ...(await heapPass(kind, spec, clients)), rss });
      process.stderr.write(` ${((wallNow() - began) / 1000).toFixed(0)} s\n`);
    }
  }
  const date = new Date().toISOString().slice(0, 10);
  const report = renderMemoryProfiles(profiles, {
    command: `MEMORY_CLIENTS=${clients} MEMORY_KINDS=${kinds.join(',')} node --max-old-space-size=4096 --import tsx bench/memory-profile.ts`,
    date,
  });
  const dir = path.join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${date}-memory-profile-${clients}.md`);
  writeFileSync(file, report);
  process.stdout.write(`${report}\nWritten to ${path.relative(PROJECT_ROOT, file)}\n`);
} finally {
  killAllChildren();
  rmSync(scratch, { recursive: true, force: true });
}

async function rssPass(kind: Kind, spec: ServerSpec, count: number): Promise<MemoryProfile['rss']> {
  const session = await MemorySession.start(kind, spec);
  try {
    await session.warmUp();
    const idle = await session.read();
    const peak = new PeakRss(session.server.pid);
    const connections = await session.open(count);
    const loaded = await session.read();
    return { connections, idle, loaded, peakKiB: peak.read() };
  } finally {
    await session.stop();
  }
}

async function heapPass(
  kind: Kind,
  spec: ServerSpec,
  count: number,
): Promise<Omit<MemoryProfile, 'rss'>> {
  const session = await MemorySession.start(kind, spec);
  const label = spec.ipc ? 'baseline' : 'pulseboard';
  const files = {
    idle: path.join(scratch, `${kind}-${label}-idle.heapsnapshot`),
    loaded: path.join(scratch, `${kind}-${label}-loaded.heapsnapshot`),
  };
  let result: Omit<MemoryProfile, 'rss' | 'diff'>;
  let scripts: Map<number, string>;
  try {
    scripts = await session.scriptNames();
    await session.warmUp();
    await session.inspector.collectGarbage();
    const idle = await session.read();
    await session.inspector.writeHeapSnapshot(files.idle);
    await startAllocationSampling(session.inspector);
    const connections = await session.open(count);
    const allocations = await stopAllocationSampling(session.inspector, (url) =>
      OWN_CODE.test(url),
    );
    await session.inspector.collectGarbage();
    const loaded = await session.read();
    await session.inspector.writeHeapSnapshot(files.loaded);
    result = { kind, target: spec.label, connections, idle, loaded, allocations };
  } finally {
    await session.stop();
  }
  const diff = analyse(files, result.connections, scripts);
  rmSync(files.idle, { force: true });
  rmSync(files.loaded, { force: true });
  return { ...result, diff };
}

function analyse(
  files: { idle: string; loaded: string },
  connections: number,
  scripts: Map<number, string>,
): HeapDiff {
  const idle = buildHeapGraph(readHeapSnapshot(files.idle), scripts);
  const loaded = buildHeapGraph(readHeapSnapshot(files.loaded), scripts);
  return diffHeaps(idle, loaded, connections);
}
