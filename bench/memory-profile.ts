/**
 * Where the memory per connection goes, apart from `npm run bench`:
 *
 *   npm run build && node --max-old-space-size=4096 --import tsx bench/memory-profile.ts
 *
 * For chat sockets and SSE streams, starts Pulseboard's production server and the raw baseline
 * with `--inspect=127.0.0.1:0`, takes a heap snapshot idle (after the warm-up) and one with
 * MEMORY_CLIENTS connections open (default 2000), samples every allocation made while they
 * opened (garbage included), and prints per connection: the growth by constructor, the new
 * objects by what holds them, and the allocation sites. Loopback only; see bench/memory.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type AllocationProfile,
  startAllocationSampling,
  stopAllocationSampling,
} from './allocation-profile';
import { bundleBaselines } from './bundle-baselines';
import { installChildCleanup, killAllChildren } from './child-registry';
import { sleep, wallNow } from './clock';
import { COMMAND_TIMEOUT_MS, SETTLE_MS } from './config';
import { diffHeaps, type HeapDiff } from './heap-diff';
import { buildHeapGraph } from './heap-graph';
import { readHeapSnapshot } from './heap-snapshot-read';
import { InspectorClient, inspectorUrlIn } from './inspector-client';
import { LoadFleet } from './load-process';
import {
  type MemoryProfile,
  type ProcessMemory,
  renderMemoryProfiles,
} from './memory-profile-report';
import { type ChatFleet, openChatSockets, openStreams, type SseFleet } from './open-connections';
import { readProc } from './proc-stats';
import { PROJECT_ROOT, type RunningServer, type ServerSpec, startServer } from './server-process';
import {
  baselineChatSpec,
  baselineSseSpec,
  pulseboardSpec,
  resolveServerMode,
} from './server-specs';
import { warmUpChat, warmUpStream } from './warm-up';

/** Connections opened per profile unless MEMORY_CLIENTS says otherwise. */
export const MEMORY_CLIENTS_DEFAULT = 2000;
/** Pause after opening, longer than Pulseboard's 1 s presence coalescing, in milliseconds. */
export const MEMORY_SETTLE_MS = 2500;
/** Longest wait for the inspector URL in a server's log, in milliseconds. */
export const INSPECTOR_URL_TIMEOUT_MS = 10_000;

type Kind = 'chat' | 'sse';

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
        ? [baselineChatSpec(mode), pulseboardSpec(mode, undefined)]
        : [baselineSseSpec(mode), pulseboardSpec(mode, 'node')];
    for (const spec of specs) {
      process.stderr.write(`memory: ${kind} ${spec.label} with ${clients} …`);
      const began = wallNow();
      profiles.push(await profile(kind, spec, clients));
      process.stderr.write(` ${((wallNow() - began) / 1000).toFixed(0)} s\n`);
    }
  }
  const report = renderMemoryProfiles(profiles, {
    command: `MEMORY_CLIENTS=${clients} MEMORY_KINDS=${kinds.join(',')} node --max-old-space-size=4096 --import tsx bench/memory-profile.ts`,
    date: new Date().toISOString().slice(0, 10),
  });
  const dir = path.join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(
    dir,
    `${new Date().toISOString().slice(0, 10)}-memory-profile-${clients}.md`,
  );
  writeFileSync(file, report);
  process.stdout.write(`${report}\nWritten to ${path.relative(PROJECT_ROOT, file)}\n`);
} finally {
  killAllChildren();
  rmSync(scratch, { recursive: true, force: true });
}

async function profile(kind: Kind, spec: ServerSpec, count: number): Promise<MemoryProfile> {
  const server = await startServer({ ...spec, args: ['--inspect=127.0.0.1:0', ...spec.args] });
  const inspector = await InspectorClient.connect(await inspectorUrl(server));
  const fleet = new LoadFleet(kind === 'chat' ? 'bench/chat-load.ts' : 'bench/sse-load.ts', 2);
  const files = {
    idle: path.join(scratch, `${kind}-${spec.ipc ? 'baseline' : 'pulseboard'}-idle.heapsnapshot`),
    loaded: path.join(
      scratch,
      `${kind}-${spec.ipc ? 'baseline' : 'pulseboard'}-loaded.heapsnapshot`,
    ),
  };
  let opened = 0;
  let idle: ProcessMemory;
  let loaded: ProcessMemory;
  let allocations: AllocationProfile;
  let scripts = new Map<number, string>();
  try {
    scripts = await scriptNames(inspector);
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/ws/chat`;
    if (kind === 'chat') await warmUpChat(wsUrl);
    else await warmUpStream(server.url);
    await sleep(SETTLE_MS);
    idle = await readMemory(server, inspector);
    await inspector.writeHeapSnapshot(files.idle);
    await startAllocationSampling(inspector);
    if (kind === 'chat') {
      const replies = await openChatSockets(wsUrl, fleet as ChatFleet, count);
      opened = replies.reduce((a, r) => a + r.opened, 0);
    } else {
      const replies = await openStreams(server.url, fleet as SseFleet, count);
      opened = replies.reduce((a, r) => a + r.opened, 0);
    }
    await sleep(MEMORY_SETTLE_MS);
    allocations = await stopAllocationSampling(inspector, (url) =>
      /\/dist\/|pulseboard-bench\//.test(url),
    );
    loaded = await readMemory(server, inspector);
    await inspector.writeHeapSnapshot(files.loaded);
  } finally {
    inspector.close();
    await fleet.all(() => ({ type: 'close' }), COMMAND_TIMEOUT_MS, 'close').catch(() => {});
    await fleet.stop();
    await server.stop();
  }
  const diff = analyse(files.idle, files.loaded, opened, scripts);
  rmSync(files.idle, { force: true });
  rmSync(files.loaded, { force: true });
  return { kind, target: spec.label, connections: opened, idle, loaded, diff, allocations };
}

function analyse(
  idleFile: string,
  loadedFile: string,
  connections: number,
  scripts: Map<number, string>,
): HeapDiff {
  const idle = buildHeapGraph(readHeapSnapshot(idleFile), scripts);
  const loaded = buildHeapGraph(readHeapSnapshot(loadedFile), scripts);
  return diffHeaps(idle, loaded, connections);
}

/** RSS before a collection, then V8's and Node's figures right after a full one. */
async function readMemory(
  server: RunningServer,
  inspector: InspectorClient,
): Promise<ProcessMemory> {
  const rssKiB = readProc(server.pid).rssKiB;
  await inspector.collectGarbage();
  const usage = await inspector.evaluate<NodeJS.MemoryUsage>('process.memoryUsage()');
  return {
    rssKiB,
    heapUsedKiB: usage.heapUsed / 1024,
    heapTotalKiB: usage.heapTotal / 1024,
    externalKiB: usage.external / 1024,
    arrayBuffersKiB: usage.arrayBuffers / 1024,
  };
}

async function inspectorUrl(server: RunningServer): Promise<string> {
  const deadline = wallNow() + INSPECTOR_URL_TIMEOUT_MS;
  for (;;) {
    const url = inspectorUrlIn(server.logTail);
    if (url) return url;
    if (wallNow() > deadline) throw new Error(`${server.label} printed no inspector URL`);
    await sleep(50);
  }
}

/** Script id → URL of every script loaded so far (closure locations name their script by id). */
async function scriptNames(inspector: InspectorClient): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  inspector.on('Debugger.scriptParsed', (params) => {
    const { scriptId, url } = params as { scriptId: string; url: string };
    names.set(Number(scriptId), url);
  });
  await inspector.call('Debugger.enable');
  await inspector.call('Debugger.disable');
  return names;
}
