import type { HeapGraph } from './heap-graph';

/** One group's figures in the idle and the loaded snapshot. */
export type GroupDelta = {
  group: string;
  countIdle: number;
  countLoaded: number;
  /** Sum of self sizes, in bytes. */
  selfIdle: number;
  selfLoaded: number;
  /** Retained size of the group in the loaded snapshot (nested instances counted once), bytes. */
  retainedLoaded: number;
};

/** A top-most new object: created after the idle snapshot, its dominator older than that. */
export type NewRoot = {
  group: string;
  count: number;
  /** What these objects retain together, in bytes. */
  retained: number;
  /** The group of their dominator (the old object that holds them), most common first. */
  heldBy: string;
};

/** What the new objects under one top-most new group consist of, by group, in bytes. */
export type Anatomy = { root: string; count: number; parts: { part: string; bytes: number }[] };

/** What changed between an idle snapshot and one with `connections` open. */
export type HeapDiff = {
  connections: number;
  /** Sum of every node's self size, in bytes. */
  heapIdle: number;
  heapLoaded: number;
  groups: GroupDelta[];
  /** Objects created since the idle snapshot, grouped by the top-most new dominator. */
  newRoots: NewRoot[];
  /** For the largest new roots: the self sizes of everything they hold alone, by group. */
  anatomy: Anatomy[];
};

/** Label of the root node as a holder: an object it dominates is reachable by several paths. */
export const SEVERAL_PATHS = '(several paths from the GC roots)';
/** New roots whose anatomy is given. */
export const ANATOMY_ROOTS = 6;

/**
 * Compares two snapshots of the same process (V8 keeps an object's id across the snapshots of
 * a process, so an id the idle snapshot does not have belongs to an object created since).
 */
export function diffHeaps(idle: HeapGraph, loaded: HeapGraph, connections: number): HeapDiff {
  const before = totals(idle, false);
  const after = totals(loaded, true);
  const groups: GroupDelta[] = [...after.keys()].map((group) => {
    const a = after.get(group) as Totals;
    const b = before.get(group);
    return {
      group,
      countIdle: b?.count ?? 0,
      countLoaded: a.count,
      selfIdle: b?.self ?? 0,
      selfLoaded: a.self,
      retainedLoaded: a.retained,
    };
  });
  for (const [group, b] of before) {
    if (!after.has(group)) {
      groups.push({
        group,
        countIdle: b.count,
        countLoaded: 0,
        selfIdle: b.self,
        selfLoaded: 0,
        retainedLoaded: 0,
      });
    }
  }
  groups.sort((x, y) => y.selfLoaded - y.selfIdle - (x.selfLoaded - x.selfIdle));
  const idleIds = new Set(idle.id);
  const roots = newRoots(loaded, idleIds);
  return {
    connections,
    heapIdle: sumOf(idle.selfSize),
    heapLoaded: sumOf(loaded.selfSize),
    groups,
    newRoots: roots,
    anatomy: anatomy(loaded, idleIds, new Set(roots.slice(0, ANATOMY_ROOTS).map((r) => r.group))),
  };
}

type Totals = { count: number; self: number; retained: number };

function totals(graph: HeapGraph, withRetained: boolean): Map<string, Totals> {
  const byGroup = new Map<string, Totals>();
  const retained = withRetained ? groupRetained(graph) : undefined;
  for (let n = 0; n < graph.nodeCount; n++) {
    const name = graph.groups[graph.groupOf[n] as number] as string;
    let t = byGroup.get(name);
    if (!t) {
      t = { count: 0, self: 0, retained: retained?.[graph.groupOf[n] as number] ?? 0 };
      byGroup.set(name, t);
    }
    t.count++;
    t.self += graph.selfSize[n] as number;
  }
  return byGroup;
}

/**
 * Retained size per group, each node counted once: a node adds its retained size only when no
 * dominator above it belongs to the same group (as DevTools' Summary view does).
 */
function groupRetained(graph: HeapGraph): Float64Array {
  const result = new Float64Array(graph.groups.length);
  // Children of each node in the dominator tree (CSR), then a depth-first walk from the root
  // that counts, per group, the nodes of that group on the current path.
  const first = new Uint32Array(graph.nodeCount + 1);
  for (const n of graph.postorder) {
    const d = graph.dominator[n] as number;
    if (d !== n) first[d + 1] = (first[d + 1] as number) + 1;
  }
  for (let i = 1; i <= graph.nodeCount; i++)
    first[i] = (first[i] as number) + (first[i - 1] as number);
  const children = new Uint32Array(first[graph.nodeCount] as number);
  const fill = first.slice(0, graph.nodeCount);
  for (const n of graph.postorder) {
    const d = graph.dominator[n] as number;
    if (d === n) continue;
    children[fill[d] as number] = n;
    fill[d] = (fill[d] as number) + 1;
  }
  const onPath = new Uint32Array(graph.groups.length);
  const next = first.slice(0, graph.nodeCount);
  const stack = [0];
  enter(0);
  while (stack.length > 0) {
    const n = stack[stack.length - 1] as number;
    const k = next[n] as number;
    if (k < (first[n + 1] as number)) {
      next[n] = k + 1;
      const child = children[k] as number;
      enter(child);
      stack.push(child);
      continue;
    }
    stack.pop();
    const g = graph.groupOf[n] as number;
    onPath[g] = (onPath[g] as number) - 1;
  }
  return result;

  function enter(n: number): void {
    const g = graph.groupOf[n] as number;
    if (onPath[g] === 0) result[g] = (result[g] as number) + (graph.retainedSize[n] as number);
    onPath[g] = (onPath[g] as number) + 1;
  }
}

function newRoots(graph: HeapGraph, idleIds: ReadonlySet<number>): NewRoot[] {
  const roots = new Map<string, { count: number; retained: number; heldBy: Map<string, number> }>();
  for (const n of graph.postorder) {
    if (idleIds.has(graph.id[n] as number)) continue;
    const d = graph.dominator[n] as number;
    if (d !== n && !idleIds.has(graph.id[d] as number)) continue;
    const group = graph.groups[graph.groupOf[n] as number] as string;
    const holder =
      d === 0 || d === n ? SEVERAL_PATHS : (graph.groups[graph.groupOf[d] as number] as string);
    let r = roots.get(group);
    if (!r) {
      r = { count: 0, retained: 0, heldBy: new Map() };
      roots.set(group, r);
    }
    r.count++;
    r.retained += graph.retainedSize[n] as number;
    r.heldBy.set(holder, (r.heldBy.get(holder) ?? 0) + 1);
  }
  return [...roots]
    .map(([group, r]) => ({
      group,
      count: r.count,
      retained: r.retained,
      heldBy: [...r.heldBy].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '',
    }))
    .sort((a, b) => b.retained - a.retained);
}

function sumOf(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/**
 * Breaks down what the new roots of the `wanted` groups hold: every new object is charged to
 * its top-most new dominator, and summed by its own group (strings by their masked text).
 */
function anatomy(
  graph: HeapGraph,
  idleIds: ReadonlySet<number>,
  wanted: ReadonlySet<string>,
): Anatomy[] {
  const top = new Int32Array(graph.nodeCount).fill(-1);
  const byRoot = new Map<string, { count: number; parts: Map<string, number> }>();
  const order = graph.postorder;
  // Dominators first (reverse postorder), so each node's dominator already knows its root.
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i] as number;
    if (idleIds.has(graph.id[n] as number)) continue;
    const d = graph.dominator[n] as number;
    const root = d !== n && (top[d] as number) >= 0 ? (top[d] as number) : n;
    top[n] = root;
    const rootGroup = graph.groups[graph.groupOf[root] as number] as string;
    if (!wanted.has(rootGroup)) continue;
    let entry = byRoot.get(rootGroup);
    if (!entry) {
      entry = { count: 0, parts: new Map() };
      byRoot.set(rootGroup, entry);
    }
    if (root === n) entry.count++;
    const part = partOf(graph, n);
    entry.parts.set(part, (entry.parts.get(part) ?? 0) + (graph.selfSize[n] as number));
  }
  return [...wanted]
    .filter((g) => byRoot.has(g))
    .map((root) => {
      const entry = byRoot.get(root) as { count: number; parts: Map<string, number> };
      const parts = [...entry.parts]
        .map(([part, bytes]) => ({ part, bytes }))
        .sort((a, b) => b.bytes - a.bytes);
      return { root, count: entry.count, parts };
    });
}

function partOf(graph: HeapGraph, n: number): string {
  const group = graph.groups[graph.groupOf[n] as number] as string;
  const text = graph.stringOf(n);
  if (text === undefined) return group;
  const masked = text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/[A-Za-z0-9+/]{22}==?/g, '<base64>')
    .replace(/\d+/g, 'N');
  return `(string) ${JSON.stringify(masked)}`;
}
