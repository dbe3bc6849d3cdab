import { readFileSync } from 'node:fs';

/**
 * A V8 heap snapshot (`.heapsnapshot`) as flat typed arrays, the way V8 writes it: `nodes`
 * holds `nodeFields.length` numbers per node, `edges` `edgeFields.length` per edge, and every
 * name is an index into `strings`.
 */
export type HeapSnapshot = {
  nodeFields: string[];
  edgeFields: string[];
  nodeTypes: string[];
  edgeTypes: string[];
  nodes: Uint32Array;
  edges: Uint32Array;
  strings: string[];
  /** `[nodeIndex, scriptId, line, column]` per closure location, flattened. */
  locations: Uint32Array;
};

type Meta = {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
      location_fields?: string[];
    };
    node_count: number;
    edge_count: number;
  };
};

/**
 * Reads a heap snapshot file. The numeric arrays are scanned straight from the bytes (a
 * snapshot of a loaded server is hundreds of MB: one JSON.parse of it would need several
 * times that and can pass V8's largest string); only the header and the strings go through
 * JSON.parse.
 */
export function readHeapSnapshot(file: string): HeapSnapshot {
  return parseHeapSnapshot(readFileSync(file));
}

/** Parses the bytes of a heap snapshot (see {@link readHeapSnapshot}). */
export function parseHeapSnapshot(bytes: Buffer): HeapSnapshot {
  const nodesKey = find(bytes, '"nodes":[', 0);
  const header = bytes.toString('utf8', 0, nodesKey).trim().replace(/,$/, '');
  const meta = (JSON.parse(`${header}}`) as Meta).snapshot;
  const nodeFields = meta.meta.node_fields;
  const edgeFields = meta.meta.edge_fields;
  const nodes = new Uint32Array(meta.node_count * nodeFields.length);
  let at = scanNumbers(bytes, nodesKey + '"nodes":['.length, nodes);
  const edges = new Uint32Array(meta.edge_count * edgeFields.length);
  at = scanNumbers(bytes, find(bytes, '"edges":[', at) + '"edges":['.length, edges);
  const locationsKey = bytes.indexOf('"locations":[', at);
  const locations =
    locationsKey < 0
      ? new Uint32Array(0)
      : scanOpenList(bytes, locationsKey + '"locations":['.length);
  const stringsKey = find(bytes, '"strings":[', at) + '"strings":['.length - 1;
  const stringsEnd = bytes.lastIndexOf(']');
  const strings = JSON.parse(bytes.toString('utf8', stringsKey, stringsEnd + 1)) as string[];
  return {
    nodeFields,
    edgeFields,
    nodeTypes: meta.meta.node_types[0],
    edgeTypes: meta.meta.edge_types[0],
    nodes,
    edges,
    strings,
    locations,
  };
}

function find(bytes: Buffer, key: string, from: number): number {
  const at = bytes.indexOf(key, from);
  if (at < 0) throw new Error(`not a V8 heap snapshot: no ${key}`);
  return at;
}

/** Fills `into` with the non-negative integers of a JSON list starting at `from`; end offset. */
function scanNumbers(bytes: Buffer, from: number, into: Uint32Array): number {
  let i = from;
  for (let k = 0; k < into.length; k++) {
    let c = bytes[i] as number;
    while (c < 48 || c > 57) c = bytes[++i] as number;
    let n = 0;
    while (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      c = bytes[++i] as number;
    }
    into[k] = n;
  }
  return i;
}

/** The integers of a JSON list starting at `from`, up to its closing bracket. */
function scanOpenList(bytes: Buffer, from: number): Uint32Array {
  const end = bytes.indexOf(']', from);
  const text = bytes.toString('latin1', from, end).trim();
  return text === '' ? new Uint32Array(0) : Uint32Array.from(text.split(','), Number);
}
