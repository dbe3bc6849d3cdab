import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionStore } from '@/lib/store/session-store';
import { MemorySessionRows, MemorySessionStore } from '@/lib/testing/memory-session-store';
import { SessionRevocations } from './session-revocations';

const MAX_LAG_MS = 1000;
const HOUR_MS = 3_600_000;

let rows: MemorySessionRows;
/** This server's handle and another process's, on the same rows. */
let store: MemorySessionStore;
let elsewhere: MemorySessionStore;
let revoked: string[];
let cache: SessionRevocations;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  rows = new MemorySessionRows();
  store = new MemorySessionStore(rows);
  elsewhere = new MemorySessionStore(rows);
  revoked = [];
  cache = new SessionRevocations(store, {
    maxLagMs: MAX_LAG_MS,
    onRevoked: (id) => revoked.push(id),
  });
});
afterEach(() => {
  cache.stop();
  vi.useRealTimers();
});

async function created(id: string, expiresAt = Date.now() + HOUR_MS) {
  await store.create({ id, name: id, createdAt: Date.now(), expiresAt });
}

describe('SessionRevocations', () => {
  it('loads the revocations the store holds at start, without reporting them', async () => {
    await created('a');
    await created('b');
    await elsewhere.revoke('a');

    await cache.refresh();

    expect([cache.has('a'), cache.has('b')]).toEqual([true, false]);
    expect(revoked).toEqual(['a']);
  });

  it('refuses a local logout at once, before the store has it', async () => {
    await created('a');

    cache.add('a', Date.now() + HOUR_MS);

    expect(cache.has('a')).toBe(true);
  });

  it(`sees another process's revocation at the next poll: not ${MAX_LAG_MS - 1} ms after it, by ${MAX_LAG_MS} ms`, async () => {
    await created('a');
    await cache.refresh();
    cache.start();

    await elsewhere.revoke('a');
    await vi.advanceTimersByTimeAsync(MAX_LAG_MS - 1);
    expect(cache.has('a')).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    expect(cache.has('a')).toBe(true);
    expect(revoked).toEqual(['a']);
  });

  it('reads only the version while nothing changed', async () => {
    await created('a');
    const counted = countingStore(store);
    const polling = new SessionRevocations(counted.store, { maxLagMs: MAX_LAG_MS });
    await polling.refresh();
    polling.start();

    await vi.advanceTimersByTimeAsync(MAX_LAG_MS * 5);
    await elsewhere.revoke('a');
    await vi.advanceTimersByTimeAsync(MAX_LAG_MS);
    polling.stop();

    expect(counted.calls).toEqual({ revocationVersion: 7, revoked: 2 });
    expect(polling.has('a')).toBe(true);
  });

  it('reports every session of an end-all once, and keeps a local logout the list missed', async () => {
    for (const id of ['a', 'b', 'c']) await created(id);
    await cache.refresh();
    cache.add('local', Date.now() + HOUR_MS);

    await elsewhere.revokeAll();
    await cache.refresh();
    await created('d');
    await elsewhere.revoke('d');
    await cache.refresh();

    expect(revoked.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(['a', 'b', 'c', 'd', 'local'].map((id) => cache.has(id))).toEqual(Array(5).fill(true));
  });

  it('forgets a revoked session once it expires', async () => {
    await created('short', Date.now() + 10 * MAX_LAG_MS);
    await created('long');
    await elsewhere.revokeAll();
    await cache.refresh();
    cache.start();
    expect(cache.size).toBe(2);

    await vi.advanceTimersByTimeAsync(10 * MAX_LAG_MS);

    expect([cache.has('short'), cache.has('long'), cache.size]).toEqual([false, true, 1]);
  });

  it('keeps what it knows when the store cannot be read, and catches up afterwards', async () => {
    await created('a');
    await cache.refresh();
    const failing = vi.spyOn(store, 'revocationVersion').mockRejectedValue(new Error('busy'));
    await elsewhere.revoke('a');

    await cache.refresh();
    expect(cache.has('a')).toBe(false);
    failing.mockRestore();
    await cache.refresh();

    expect(cache.has('a')).toBe(true);
  });

  it('runs one read at a time', async () => {
    const counted = countingStore(store);
    const once = new SessionRevocations(counted.store, { maxLagMs: MAX_LAG_MS });

    await Promise.all([once.refresh(), once.refresh(), once.refresh()]);

    expect(counted.calls.revocationVersion).toBe(1);
  });
});

/** `inner`, counting the calls of the two reads the cache makes. */
function countingStore(inner: SessionStore) {
  const calls = { revocationVersion: 0, revoked: 0 };
  const store: SessionStore = Object.create(inner);
  store.revocationVersion = () => {
    calls.revocationVersion++;
    return inner.revocationVersion();
  };
  store.revoked = (now) => {
    calls.revoked++;
    return inner.revoked(now);
  };
  return { store, calls };
}
