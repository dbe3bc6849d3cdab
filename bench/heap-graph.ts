import type { HeapSnapshot } from './heap-snapshot-read';

/**
 * A heap snapshot with what a memory question needs: each node's group (its constructor, in
 * the words of DevTools' Summary view), self size, id, and retained size from the dominator
 * tree. Node `n` is the n-th node (not the offset into `nodes`).
 */
export type HeapGraph = {
  nodeCount: number;
  /** Group index of each node; the names are in `groups`. */
  groupOf: Uint32Array;
  groups: string[];
  selfSize: Float64Array;
  retainedSize: Float64Array;
  /** Immediate dominator of each node (the root dominates itself; unreachable: itself). */
  dominator: Uint32Array;
  /** V8's object id: stable within one process, so objects newer than a snapshot have higher ids. */
  id: Float64Array;
  /** Reachable nodes in depth-first postorder: every node comes before its dominator. */
  postorder: number[];
  /** The text of a string node (its first STRING_PREVIEW_CHARS), else undefined. */
  stringOf: (n: number) => string | undefined;
};

/** Characters of a string node kept for telling strings apart. */
export const STRING_PREVIEW_CHARS = 60;

/** Builds the groups and the dominator tree of `snapshot` (the first node is the root). */
export function buildHeapGraph(snapshot: HeapSnapshot, scriptNames = new Map<number, string>()) {
  const nf = snapshot.nodeFields.length;
  const nodeCount = snapshot.nodes.length / nf;
  const field = (name: string) => snapshot.nodeFields.indexOf(name);
  const [typeF, nameF, idF, sizeF, edgeCountF] = [
    'type',
    'name',
    'id',
    'self_size',
    'edge_count',
  ].map(field) as number[];
  const selfSize = new Float64Array(nodeCount);
  const id = new Float64Array(nodeCount);
  const firstEdge = new Uint32Array(nodeCount + 1);
  const closureAt = closureLocations(snapshot, scriptNames);
  const groupIndex = new Map<string, number>();
  const groups: string[] = [];
  const groupOf = new Uint32Array(nodeCount);
  const stringName = new Map<number, string>();
  for (let n = 0, edge = 0; n < nodeCount; n++) {
    const base = n * nf;
    selfSize[n] = snapshot.nodes[base + (sizeF as number)] as number;
    id[n] = snapshot.nodes[base + (idF as number)] as number;
    firstEdge[n] = edge;
    edge += (snapshot.nodes[base + (edgeCountF as number)] as number) * snapshot.edgeFields.length;
    firstEdge[n + 1] = edge;
    const type = snapshot.nodeTypes[snapshot.nodes[base + (typeF as number)] as number] ?? '?';
    const name = snapshot.strings[snapshot.nodes[base + (nameF as number)] as number] ?? '';
    const key = groupName(type, name, closureAt.get(n));
    if (key === '(string)') stringName.set(n, name.slice(0, STRING_PREVIEW_CHARS));
    let g = groupIndex.get(key);
    if (g === undefined) {
      g = groups.length;
      groups.push(key);
      groupIndex.set(key, g);
    }
    groupOf[n] = g;
  }
  const dominator = dominators(snapshot, nodeCount, firstEdge);
  const retainedSize = Float64Array.from(selfSize);
  for (const n of dominator.postorder) {
    const d = dominator.idom[n] as number;
    if (d !== n) retainedSize[d] = (retainedSize[d] as number) + (retainedSize[n] as number);
  }
  return {
    nodeCount,
    groupOf,
    groups,
    selfSize,
    retainedSize,
    dominator: dominator.idom,
    id,
    postorder: dominator.postorder,
    stringOf: (n: number) => stringName.get(n),
  } satisfies HeapGraph;
}

/**
 * The Summary-view group of a node: objects and native nodes by constructor name, closures by
 * function name and source location, strings together, arrays and system objects by kind.
 */
export function groupName(type: string, name: string, location?: string): string {
  switch (type) {
    case 'object':
    case 'native':
    case 'synthetic':
      return name;
    case 'closure':
      return `(closure) ${name || '(anonymous)'}${location ? ` ${location}` : ''}`;
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(string)';
    case 'array':
      return `(array) ${name}`;
    case 'hidden':
      return `(system) ${name}`;
    case 'code':
      return '(compiled code)';
    default:
      return `(${type})`;
  }
}

function closureLocations(snapshot: HeapSnapshot, scriptNames: Map<number, string>) {
  const at = new Map<number, string>();
  const nf = snapshot.nodeFields.length;
  const loc = snapshot.locations;
  for (let i = 0; i + 3 < loc.length; i += 4) {
    const script = loc[i + 1] as number;
    const file = (scriptNames.get(script) ?? `script ${script}`).replace(/^.*\//, '');
    at.set((loc[i] as number) / nf, `${file}:${(loc[i + 2] as number) + 1}`);
  }
  return at;
}

/**
 * Immediate dominators by Cooper, Harvey and Kennedy's iterative algorithm over a depth-first
 * postorder, following the edges DevTools counts: not weak ones, and shortcuts only from the
 * root (they mark the user's global objects).
 */
function dominators(snapshot: HeapSnapshot, nodeCount: number, firstEdge: Uint32Array) {
  const ef = snapshot.edgeFields.length;
  const nf = snapshot.nodeFields.length;
  const typeF = snapshot.edgeFields.indexOf('type');
  const toF = snapshot.edgeFields.indexOf('to_node');
  const weak = snapshot.edgeTypes.indexOf('weak');
  const shortcut = snapshot.edgeTypes.indexOf('shortcut');
  const essential = (from: number, e: number) => {
    const t = snapshot.edges[e + typeF];
    return t !== weak && (t !== shortcut || from === 0);
  };
  // Postorder by an iterative depth-first walk from the root.
  const order = new Int32Array(nodeCount).fill(-1);
  const postorder: number[] = [];
  const stack = [0];
  const nextEdge = new Uint32Array(nodeCount);
  const visited = new Uint8Array(nodeCount);
  visited[0] = 1;
  nextEdge[0] = firstEdge[0] as number;
  while (stack.length > 0) {
    const n = stack[stack.length - 1] as number;
    const e = nextEdge[n] as number;
    if (e >= (firstEdge[n + 1] as number)) {
      stack.pop();
      order[n] = postorder.length;
      postorder.push(n);
      continue;
    }
    nextEdge[n] = e + ef;
    if (!essential(n, e)) continue;
    const to = (snapshot.edges[e + toF] as number) / nf;
    if (visited[to]) continue;
    visited[to] = 1;
    nextEdge[to] = firstEdge[to] as number;
    stack.push(to);
  }
  const predecessors = retainers(snapshot, nodeCount, firstEdge, order, essential);
  // idom in postorder numbers; the root has the highest.
  const count = postorder.length;
  const idom = new Int32Array(count).fill(-1);
  idom[count - 1] = count - 1;
  for (let changed = true; changed; ) {
    changed = false;
    for (let p = count - 2; p >= 0; p--) {
      let best = -1;
      for (
        let k = predecessors.first[p] as number;
        k < (predecessors.first[p + 1] as number);
        k++
      ) {
        const q = predecessors.list[k] as number;
        if (idom[q] === -1) continue;
        best = best === -1 ? q : intersect(idom, best, q);
      }
      if (best !== -1 && idom[p] !== best) {
        idom[p] = best;
        changed = true;
      }
    }
  }
  const byNode = new Uint32Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) {
    const p = order[n] as number;
    byNode[n] = p < 0 ? n : (postorder[idom[p] as number] as number);
  }
  return { idom: byNode, postorder };
}

function intersect(idom: Int32Array, a: number, b: number): number {
  let x = a;
  let y = b;
  while (x !== y) {
    while (x < y) x = idom[x] as number;
    while (y < x) y = idom[y] as number;
  }
  return x;
}

/** Essential predecessors of each reachable node, by postorder number (CSR lists). */
function retainers(
  snapshot: HeapSnapshot,
  nodeCount: number,
  firstEdge: Uint32Array,
  order: Int32Array,
  essential: (from: number, e: number) => boolean,
) {
  const ef = snapshot.edgeFields.length;
  const nf = snapshot.nodeFields.length;
  const toF = snapshot.edgeFields.indexOf('to_node');
  const count = new Uint32Array(nodeCount + 1);
  const each = (visit: (fromP: number, toP: number) => void) => {
    for (let n = 0; n < nodeCount; n++) {
      const from = order[n] as number;
      if (from < 0) continue;
      for (let e = firstEdge[n] as number; e < (firstEdge[n + 1] as number); e += ef) {
        if (!essential(n, e)) continue;
        const to = order[(snapshot.edges[e + toF] as number) / nf] as number;
        if (to >= 0) visit(from, to);
      }
    }
  };
  each((_, to) => {
    count[to + 1] = (count[to + 1] as number) + 1;
  });
  for (let i = 1; i <= nodeCount; i++) count[i] = (count[i] as number) + (count[i - 1] as number);
  const list = new Uint32Array(count[nodeCount] as number);
  const fill = count.slice(0, nodeCount);
  each((from, to) => {
    list[fill[to] as number] = from;
    fill[to] = (fill[to] as number) + 1;
  });
  return { first: count, list };
}
