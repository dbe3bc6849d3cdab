import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '@/lib/errors';
import type { ClusterStore } from '@/lib/store/cluster-store';
import { MemoryDatabase } from '@/lib/testing/memory-database';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import { NameHolds } from './name-holds';

afterEach(() => {
  vi.useRealTimers();
});

describe('NameHolds', () => {
  it('refuses another key while the holder is connected, case-folded', async () => {
    const holds = new NameHolds(1000);
    expect(await holds.take('Carol', 'key:a')).toBeTypeOf('function');
    expect(await holds.take('carol', 'key:b')).toBeUndefined();
    expect(await holds.take('CAROL', 'name:CAROL')).toBeUndefined();
    expect(await holds.take('carol', 'key:a')).toBeTypeOf('function');
  });

  it('holds a keyed name for holdMs after its last connection closed, then frees it', async () => {
    vi.useFakeTimers();
    const holds = new NameHolds(1000);
    const first = await holds.take('ada', 'key:a');
    const second = await holds.take('ada', 'key:a');
    first?.();
    second?.();
    second?.(); // a second call changes nothing
    vi.advanceTimersByTime(999);
    expect(await holds.take('ada', 'key:b')).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(holds.size).toBe(0);
    expect(await holds.take('ada', 'key:b')).toBeTypeOf('function');
  });

  it('keeps the name for its key when it comes back within the window', async () => {
    vi.useFakeTimers();
    const holds = new NameHolds(1000);
    (await holds.take('ada', 'key:a'))?.();
    vi.advanceTimersByTime(500);
    const back = await holds.take('ada', 'key:a');
    vi.advanceTimersByTime(5000);
    expect(await holds.take('ada', 'key:b')).toBeUndefined();
    back?.();
    vi.advanceTimersByTime(1000);
    expect(await holds.take('ada', 'key:b')).toBeTypeOf('function');
  });

  it('lets connections without a key share a name, held only while open', async () => {
    const holds = new NameHolds(1000);
    const one = await holds.take('bob', 'name:bob');
    const two = await holds.take('bob', 'name:bob');
    expect(await holds.take('bob', 'key:a')).toBeUndefined();
    one?.();
    two?.();
    expect(holds.size).toBe(0);
    expect(await holds.take('bob', 'key:a')).toBeTypeOf('function');
  });

  it('holds nothing after close with holdMs 0, and refuses a bad holdMs', async () => {
    const holds = new NameHolds(0);
    (await holds.take('ada', 'key:a'))?.();
    expect(await holds.take('ada', 'key:b')).toBeTypeOf('function');
    expect(() => new NameHolds(-1)).toThrow(TypeError);
  });
});

describe('NameHolds on a cluster (two instances over one database)', () => {
  function twoInstances(holdMs: number) {
    const database = new MemoryDatabase();
    const clusterOf = () => openMemoryStores(database, { cluster: true }).cluster;
    return { a: new NameHolds(holdMs, clusterOf()), b: new NameHolds(holdMs, clusterOf()) };
  }

  it('refuses on B a name a key holds on A, live and for holdMs after it closed', async () => {
    vi.useFakeTimers();
    const { a, b } = twoInstances(1000);
    const release = await a.take('Carol', 'key:a');
    expect(await b.take('carol', 'key:b')).toBeUndefined();
    expect(await b.take('carol', 'name:carol')).toBeUndefined();
    // The same identity may hold it on both (two tabs behind a load balancer).
    const onB = await b.take('carol', 'key:a');
    expect(onB).toBeTypeOf('function');
    onB?.();
    release?.();
    await vi.advanceTimersByTimeAsync(999);
    expect(await b.take('carol', 'key:b')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(await b.take('carol', 'key:b')).toBeTypeOf('function');
    expect(b.size).toBe(1);
  });

  it("deletes the cluster's row of a keyed hold once its window ended here", async () => {
    vi.useFakeTimers();
    const cluster = openMemoryStores(new MemoryDatabase(), { cluster: true }).cluster;
    const released = vi.spyOn(cluster, 'releaseName');
    const holds = new NameHolds(1000, cluster);
    (await holds.take('ada', 'key:a'))?.();
    expect(released.mock.calls.map(([name, , holdMs]) => [name, holdMs])).toEqual([['ada', 1000]]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(released.mock.calls.map(([name, , holdMs]) => [name, holdMs])).toEqual([
      ['ada', 1000],
      ['ada', 0],
    ]);
    expect(holds.size).toBe(0);
  });

  it('frees a keyless name on every instance once its connections closed', async () => {
    const { a, b } = twoInstances(1000);
    const release = await a.take('bob', 'name:bob');
    expect(await b.take('bob', 'key:k')).toBeUndefined();
    release?.();
    await vi.waitFor(async () => expect(await b.take('bob', 'key:k')).toBeTypeOf('function'));
  });

  it('answers store_unavailable when the cluster cannot be asked, and holds nothing', async () => {
    const broken = {
      claimName: () => Promise.reject(new Error('connection terminated')),
    } as unknown as ClusterStore;
    const holds = new NameHolds(1000, broken);
    const taking = holds.take('ada', 'key:a');
    await expect(taking).rejects.toBeInstanceOf(AppError);
    await expect(taking).rejects.toMatchObject({ code: 'store_unavailable', retryAfterS: 30 });
    expect(holds.size).toBe(0);
  });
});
