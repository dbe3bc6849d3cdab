import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Annotation, StreamEvent } from '@/lib/protocol';
import { openSqliteHub, openStreamOn } from '@/lib/stream/stream-hub.test-helpers';
import { MemoryDatabase } from '@/lib/testing/memory-database';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import {
  ANNOTATION_SENT_IDS_MAX,
  AnnotationBroadcast,
  announcingAnnotations,
  relayClusterAnnotations,
} from './annotation-broadcast';

const annotation = (id: number): Annotation => ({
  id,
  ts: 1_000 + id,
  text: `a${id}`,
  board: null,
});

const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe('AnnotationBroadcast', () => {
  it('sends `event: annotation` with the annotation and no id, to every stream, once per id', async () => {
    const { hub, store, close } = await openSqliteHub();
    stops.push(close);
    await store.append([{ series: 'a', value: 1 }]);
    await hub.flush();
    const sink = await openStreamOn(hub, { windowS: 60, series: ['other'] });
    const broadcast = new AnnotationBroadcast(hub);

    broadcast.send({ id: 7, ts: 5_000, text: 'deploy v1.4', board: 'web' });
    broadcast.send({ id: 7, ts: 5_000, text: 'deploy v1.4', board: 'web' });

    const sent = sink.events().filter((e) => e.event === StreamEvent.Annotation);
    expect(sent).toEqual([
      { event: 'annotation', data: { id: 7, ts: 5_000, text: 'deploy v1.4', board: 'web' } },
    ]);
    expect(sink.events().at(-1)?.id).toBeUndefined();
  });

  it('remembers the last ANNOTATION_SENT_IDS_MAX ids: the oldest past it may be sent again', () => {
    const hub = { broadcast: vi.fn() };
    const broadcast = new AnnotationBroadcast(hub);
    for (let id = 1; id <= ANNOTATION_SENT_IDS_MAX; id++) broadcast.send(annotation(id));
    broadcast.send(annotation(1));
    expect(hub.broadcast).toHaveBeenCalledTimes(ANNOTATION_SENT_IDS_MAX);
    broadcast.send(annotation(ANNOTATION_SENT_IDS_MAX + 1)); // forgets id 1
    broadcast.send(annotation(2));
    broadcast.send(annotation(1));
    expect(hub.broadcast).toHaveBeenCalledTimes(ANNOTATION_SENT_IDS_MAX + 2);
    expect(hub.broadcast).toHaveBeenLastCalledWith(StreamEvent.Annotation, annotation(1));
  });
});

describe('announcingAnnotations', () => {
  it('tells of each annotation once committed, as stored (with its id)', async () => {
    const added = vi.fn();
    const alerts = announcingAnnotations(openMemoryStores().alerts, added);
    const stored = await alerts.addAnnotation({ ts: 1, text: 'x', board: null });
    expect(added).toHaveBeenCalledExactlyOnceWith(stored);
    expect(await alerts.getAnnotation(stored.id)).toEqual(stored);
  });

  it('tells nothing when the store refuses the write', async () => {
    const added = vi.fn();
    const inner = openMemoryStores().alerts;
    vi.spyOn(inner, 'addAnnotation').mockRejectedValue(new Error('disk full'));
    const alerts = announcingAnnotations(inner, added);
    await expect(alerts.addAnnotation({ ts: 1, text: 'x', board: null })).rejects.toThrow();
    expect(added).not.toHaveBeenCalled();
  });
});

describe('relayClusterAnnotations', () => {
  it('sends an annotation another instance stored, read by the id of its hint', async () => {
    const database = new MemoryDatabase();
    const here = openMemoryStores(database, { cluster: true });
    const hub = { broadcast: vi.fn() };
    stops.push(
      relayClusterAnnotations({
        cluster: here.cluster,
        store: here.alerts,
        broadcast: new AnnotationBroadcast(hub),
      }),
    );
    const there = openMemoryStores(database, { cluster: true });
    const stored = await there.alerts.addAnnotation({ ts: 9, text: 'deploy', board: 'web' });
    await vi.waitFor(() =>
      expect(hub.broadcast).toHaveBeenCalledWith(StreamEvent.Annotation, stored),
    );
  });

  it('sends an annotation stored here once, though its hint comes back here too', async () => {
    const database = new MemoryDatabase();
    const here = openMemoryStores(database, { cluster: true });
    const hub = { broadcast: vi.fn() };
    const broadcast = new AnnotationBroadcast(hub);
    stops.push(relayClusterAnnotations({ cluster: here.cluster, store: here.alerts, broadcast }));
    const alerts = announcingAnnotations(here.alerts, (a) => broadcast.send(a));
    const mine = await alerts.addAnnotation({ ts: 9, text: 'deploy', board: null });
    // One stored elsewhere after it: once it is sent, the hint of the first was handled.
    const theirs = await openMemoryStores(database, { cluster: true }).alerts.addAnnotation({
      ts: 10,
      text: 'marker',
      board: null,
    });
    await vi.waitFor(() => expect(hub.broadcast).toHaveBeenCalledTimes(2));
    expect(hub.broadcast.mock.calls.map((c) => c[1])).toEqual([mine, theirs]);
  });

  it('does nothing on one process (SQLite): the writers announce their own', () => {
    const stores = openMemoryStores();
    const subscribe = vi.spyOn(stores.cluster, 'subscribe');
    relayClusterAnnotations({
      cluster: stores.cluster,
      store: stores.alerts,
      broadcast: new AnnotationBroadcast({ broadcast: vi.fn() }),
    });
    expect(subscribe).not.toHaveBeenCalled();
  });
});

describe('relayClusterAnnotations and the ids already sent', () => {
  it('reads nothing for a hint of an id this instance sent (the heartbeat hints every new id)', async () => {
    const database = new MemoryDatabase();
    const here = openMemoryStores(database, { cluster: true });
    const broadcast = new AnnotationBroadcast({ broadcast: vi.fn() });
    const reads = vi.spyOn(here.alerts, 'getAnnotation');
    const listeners: ((hint: { kind: 'annotation'; id: number }) => void)[] = [];
    vi.spyOn(here.cluster, 'subscribe').mockImplementation((l) => {
      listeners.push(l);
      return () => {};
    });
    relayClusterAnnotations({ cluster: here.cluster, store: here.alerts, broadcast });
    broadcast.send(annotation(4));
    for (const listener of listeners) listener({ kind: 'annotation', id: 4 });
    for (const listener of listeners) listener({ kind: 'annotation', id: 5 });
    expect(reads.mock.calls).toEqual([[5]]);
  });
});
