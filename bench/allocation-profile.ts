import type { InspectorClient } from './inspector-client';

/** Bytes between two samples of V8's sampling heap profiler (its default is 32 KiB). */
export const ALLOCATION_SAMPLING_INTERVAL_BYTES = 16 * 1024;

/** Bytes allocated (sampled) by one function or under one frame of our own code. */
export type AllocationSite = { site: string; bytes: number };

/** What a process allocated during a phase, garbage included. */
export type AllocationProfile = {
  /** Every sampled byte, in bytes. */
  totalBytes: number;
  /** By the function that allocated (self), largest first. */
  bySelf: AllocationSite[];
  /** By the innermost frame of the server's own bundle above the allocation, largest first. */
  byOwnFrame: AllocationSite[];
};

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { callFrame: CallFrame; selfSize: number; children: ProfileNode[] };

/**
 * Starts V8's sampling heap profiler, keeping objects that a garbage collection freed since:
 * a peak of RSS is made of garbage as much as of live objects.
 */
export async function startAllocationSampling(inspector: InspectorClient): Promise<void> {
  await inspector.call('HeapProfiler.enable');
  await inspector.call('HeapProfiler.startSampling', {
    samplingInterval: ALLOCATION_SAMPLING_INTERVAL_BYTES,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
}

/** Stops the sampling and sums it up; `isOwnCode` tells the server's own frames by URL. */
export async function stopAllocationSampling(
  inspector: InspectorClient,
  isOwnCode: (url: string) => boolean,
): Promise<AllocationProfile> {
  const { profile } = await inspector.call<{ profile: { head: ProfileNode } }>(
    'HeapProfiler.stopSampling',
  );
  return summariseAllocations(profile.head, isOwnCode);
}

/** Sums a sampling profile's tree by allocating function and by the nearest frame of our own. */
export function summariseAllocations(
  head: ProfileNode,
  isOwnCode: (url: string) => boolean,
): AllocationProfile {
  const bySelf = new Map<string, number>();
  const byOwn = new Map<string, number>();
  let totalBytes = 0;
  const stack: { node: ProfileNode; own: string }[] = [{ node: head, own: '(not our code)' }];
  while (stack.length > 0) {
    const { node, own } = stack.pop() as { node: ProfileNode; own: string };
    const site = siteOf(node.callFrame);
    const ownHere = isOwnCode(node.callFrame.url) ? site : own;
    if (node.selfSize > 0) {
      totalBytes += node.selfSize;
      bySelf.set(site, (bySelf.get(site) ?? 0) + node.selfSize);
      byOwn.set(ownHere, (byOwn.get(ownHere) ?? 0) + node.selfSize);
    }
    for (const child of node.children) stack.push({ node: child, own: ownHere });
  }
  return { totalBytes, bySelf: sorted(bySelf), byOwnFrame: sorted(byOwn) };
}

function siteOf(frame: CallFrame): string {
  const file = frame.url.replace(/^.*\//, '');
  const name = frame.functionName || '(anonymous)';
  return file ? `${name} ${file}:${frame.lineNumber + 1}` : name;
}

function sorted(sites: Map<string, number>): AllocationSite[] {
  return [...sites].map(([site, bytes]) => ({ site, bytes })).sort((a, b) => b.bytes - a.bytes);
}
