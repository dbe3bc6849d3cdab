import { describe, expect, it } from 'vitest';
import { diffHeaps, SEVERAL_PATHS } from './heap-diff';
import { buildHeapGraph, groupName } from './heap-graph';
import { type FakeNode, fakeSnapshot } from './heap-snapshot.test-helpers';
import { parseHeapSnapshot } from './heap-snapshot-read';

// root → Hub; Hub → Conn a, Conn b; each Conn → its own string; both → one Shared object;
// Conn b → Orphan by a weak edge only (unreachable for the dominator tree).
const IDLE: FakeNode[] = [
  { type: 'synthetic', name: '', id: 1, self: 0, edges: [{ to: 1 }] },
  { type: 'object', name: 'Hub', id: 3, self: 10 },
];
const LOADED: FakeNode[] = [
  { type: 'synthetic', name: '', id: 1, self: 0, edges: [{ to: 1 }] },
  { type: 'object', name: 'Hub', id: 3, self: 10, edges: [{ to: 2 }, { to: 3 }] },
  { type: 'object', name: 'Conn', id: 5, self: 100, edges: [{ to: 4 }, { to: 6 }] },
  {
    type: 'object',
    name: 'Conn',
    id: 7,
    self: 100,
    edges: [{ to: 5 }, { to: 6 }, { type: 'weak', to: 7 }],
  },
  { type: 'string', name: 'conn-a 123', id: 9, self: 20 },
  { type: 'string', name: 'conn-b 456', id: 11, self: 20 },
  { type: 'object', name: 'Shared', id: 13, self: 30 },
  { type: 'object', name: 'Orphan', id: 15, self: 40 },
];

describe('parseHeapSnapshot', () => {
  it('reads the node and edge arrays and the strings', () => {
    const snapshot = parseHeapSnapshot(fakeSnapshot(LOADED));

    expect(snapshot.nodes.length).toBe(LOADED.length * snapshot.nodeFields.length);
    expect(snapshot.edges.length).toBe(8 * 3);
    expect(snapshot.strings).toContain('conn-b 456');
  });

  it('refuses a file that is not a heap snapshot', () => {
    expect(() => parseHeapSnapshot(Buffer.from('{"hello":1}'))).toThrow(/not a V8 heap snapshot/);
  });
});

describe('buildHeapGraph', () => {
  const graph = buildHeapGraph(parseHeapSnapshot(fakeSnapshot(LOADED)));
  const retained = (n: number) => graph.retainedSize[n];

  it('gives each object what it alone keeps alive (shared objects stay with the common holder)', () => {
    expect([retained(2), retained(3)]).toEqual([120, 120]);
    expect(retained(1)).toBe(10 + 120 + 120 + 30);
    expect(graph.dominator[6]).toBe(1);
  });

  it('ignores weak edges (an object reachable only through one is outside the tree)', () => {
    expect(graph.dominator[7]).toBe(7);
    expect(graph.postorder).not.toContain(7);
  });

  it('groups nodes as the Summary view does', () => {
    expect(groupName('object', 'Conn')).toBe('Conn');
    expect(groupName('concatenated string', 'x')).toBe('(string)');
    expect(groupName('closure', '', 'server.mjs:12')).toBe('(closure) (anonymous) server.mjs:12');
  });
});

describe('diffHeaps', () => {
  const diff = diffHeaps(
    buildHeapGraph(parseHeapSnapshot(fakeSnapshot(IDLE))),
    buildHeapGraph(parseHeapSnapshot(fakeSnapshot(LOADED))),
    2,
  );

  it('counts the growth per constructor, largest first', () => {
    expect(diff.groups[0]).toMatchObject({
      group: 'Conn',
      countIdle: 0,
      countLoaded: 2,
      selfLoaded: 200,
    });
    expect(diff.heapLoaded - diff.heapIdle).toBe(310);
  });

  it('charges new objects to their top-most new dominator, held by the old object above it', () => {
    const conn = diff.newRoots.find((r) => r.group === 'Conn');
    const shared = diff.newRoots.find((r) => r.group === 'Shared');

    expect(conn).toEqual({ group: 'Conn', count: 2, retained: 240, heldBy: 'Hub' });
    expect(shared).toMatchObject({ count: 1, retained: 30, heldBy: 'Hub' });
    expect(diff.newRoots.find((r) => r.group === 'Orphan')).toBeUndefined();
  });

  it('breaks a new root down into its parts, strings by their text with digits masked', () => {
    const conn = diff.anatomy.find((a) => a.root === 'Conn');

    expect(conn?.count).toBe(2);
    expect(conn?.parts[0]).toEqual({ part: 'Conn', bytes: 200 });
    expect(conn?.parts.slice(1)).toEqual(
      expect.arrayContaining([
        { part: '(string) "conn-a N"', bytes: 20 },
        { part: '(string) "conn-b N"', bytes: 20 },
      ]),
    );
    expect(conn?.parts).toHaveLength(3);
  });

  it('says so when an object is held by several paths from the roots', () => {
    const several = diffHeaps(
      buildHeapGraph(parseHeapSnapshot(fakeSnapshot(IDLE))),
      buildHeapGraph(
        parseHeapSnapshot(
          fakeSnapshot([
            { type: 'synthetic', name: '', id: 1, self: 0, edges: [{ to: 1 }, { to: 2 }] },
            { type: 'object', name: 'Hub', id: 3, self: 10, edges: [{ to: 2 }] },
            { type: 'object', name: 'Conn', id: 5, self: 100 },
          ]),
        ),
      ),
      1,
    );

    expect(several.newRoots[0]).toMatchObject({ group: 'Conn', heldBy: SEVERAL_PATHS });
  });
});
