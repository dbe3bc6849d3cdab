/** A node of a hand-made heap snapshot: its edges name the nodes they point to by index. */
export type FakeNode = {
  type: 'object' | 'closure' | 'string' | 'synthetic' | 'array';
  name: string;
  id: number;
  self: number;
  edges?: { type?: 'property' | 'weak' | 'shortcut' | 'element'; to: number }[];
};

const NODE_TYPES = [
  'hidden',
  'array',
  'string',
  'object',
  'code',
  'closure',
  'regexp',
  'number',
  'native',
  'synthetic',
  'concatenated string',
  'sliced string',
  'symbol',
  'bigint',
  'object shape',
];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];
const NODE_FIELDS = [
  'type',
  'name',
  'id',
  'self_size',
  'edge_count',
  'trace_node_id',
  'detachedness',
];

/** The bytes of a V8 heap snapshot holding `nodes` (the first is the root), as V8 lays it out. */
export function fakeSnapshot(nodes: readonly FakeNode[]): Buffer {
  const strings = [''];
  const intern = (s: string) => {
    const at = strings.indexOf(s);
    if (at >= 0) return at;
    strings.push(s);
    return strings.length - 1;
  };
  const flatNodes: number[] = [];
  const flatEdges: number[] = [];
  for (const node of nodes) {
    const edges = node.edges ?? [];
    flatNodes.push(
      NODE_TYPES.indexOf(node.type),
      intern(node.name),
      node.id,
      node.self,
      edges.length,
      0,
      0,
    );
    for (const edge of edges) {
      flatEdges.push(
        EDGE_TYPES.indexOf(edge.type ?? 'property'),
        intern('p'),
        edge.to * NODE_FIELDS.length,
      );
    }
  }
  const meta = {
    node_fields: NODE_FIELDS,
    node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number', 'number'],
    edge_fields: ['type', 'name_or_index', 'to_node'],
    edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
    location_fields: ['object_index', 'script_id', 'line', 'column'],
  };
  const head = JSON.stringify({ meta, node_count: nodes.length, edge_count: flatEdges.length / 3 });
  return Buffer.from(
    `{"snapshot":${head},\n"nodes":[${flatNodes.join(',')}],\n"edges":[${flatEdges.join(',')}],\n"trace_function_infos":[],"trace_tree":[],"samples":[],"locations":[],\n"strings":${JSON.stringify(strings)}}`,
  );
}
