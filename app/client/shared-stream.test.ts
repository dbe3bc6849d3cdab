import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource, fakeStreamBrowser, restoreStreamBrowser } from './browser-sockets.fake';
import { SeriesStore } from './series-store';
import { type PageVisibility, SharedStream, TABS_HIDDEN_GRACE_MS } from './shared-stream';
import { FakeTabWorld } from './tab-platform.fake';

/** A page whose visibility the test sets. */
function fakePage(): PageVisibility & { set(visible: boolean): void } {
  let visible = true;
  const listeners = new Set<() => void>();
  return {
    visible: () => visible,
    onChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onLeave: () => () => {},
    set(v) {
      visible = v;
      for (const l of listeners) l();
    },
  };
}

const samples = (seq: number, n = 1) => ({
  seq,
  samples: Array.from({ length: n }, (_, i) => ({ series: 'a', ts: seq * 10 + i, value: seq })),
});
const openSources = () => FakeEventSource.instances.filter((s) => s.readyState !== 2);
const lastSource = () => FakeEventSource.instances.at(-1) as FakeEventSource;
const points = (store: SeriesStore) => store.get('a')?.ts ?? [];
const settle = () => vi.advanceTimersByTimeAsync(0);

let world: FakeTabWorld;
let tabs: { shared: SharedStream; store: SeriesStore; page: ReturnType<typeof fakePage> }[];

function openTab(id: string) {
  const store = new SeriesStore();
  const page = fakePage();
  const shared = new SharedStream(store, { platform: world.platform(id), page });
  shared.start();
  const tab = { shared, store, page };
  tabs.push(tab);
  return tab;
}

beforeEach(() => {
  fakeStreamBrowser();
  world = new FakeTabWorld();
  tabs = [];
});
afterEach(() => {
  for (const t of tabs) t.shared.stop();
  restoreStreamBrowser();
});

describe('SharedStream', () => {
  it('opens one EventSource for all tabs; a late tab catches up with no gap or duplicate', async () => {
    const a = openTab('a');
    await settle();
    expect(a.shared.leading).toBe(true);
    lastSource().open();
    lastSource().emit('snapshot', { seq: 5, series: [{ name: 'a', points: [[1, 1]] }] });
    lastSource().emit('samples', samples(6));

    const b = openTab('b');
    await settle();
    expect(b.shared.leading).toBe(false);
    lastSource().emit('samples', samples(7));
    await settle();

    expect(FakeEventSource.instances).toHaveLength(1);
    expect(points(b.store)).toEqual([1, 60, 70]);
    expect(points(b.store)).toEqual(points(a.store));
    expect(b.shared.getState().status).toBe('live');
  });

  it('hands the stream to the next tab, which resumes from its own cursor', async () => {
    const a = openTab('a');
    await settle();
    lastSource().open();
    lastSource().emit('snapshot', { seq: 5, series: [] });
    const b = openTab('b');
    await settle();
    lastSource().emit('samples', samples(8, 3));
    await settle();

    a.shared.stop();
    await settle();
    expect(b.shared.leading).toBe(true);
    expect(openSources()).toHaveLength(1);
    expect(lastSource().url).toBe('/api/stream?lastEventId=8');
    lastSource().open();
    lastSource().emit('samples', samples(8, 3)); // a replay overlapping what b has: dropped
    lastSource().emit('samples', samples(9));
    expect(points(b.store)).toEqual([80, 81, 82, 90]);
  });

  it("a new leader takes the old leader's last events heard after the handover, and relays none twice", async () => {
    const a = openTab('a');
    await settle();
    lastSource().open();
    lastSource().emit('snapshot', { seq: 5, series: [] });
    const b = openTab('b');
    await settle();
    const heard: number[] = [];
    world
      .platform('x')
      .channel()
      .addEventListener('message', (event) => {
        const m = (event as MessageEvent).data?.message;
        if (m?.t === 'sse' && m.name === 'samples') heard.push(JSON.parse(m.data).seq);
      });
    a.shared.stop();
    await settle();
    expect(b.shared.leading).toBe(true);
    expect(lastSource().url).toBe('/api/stream?lastEventId=5');
    // a's last event reaches b only now, after b opened its stream from seq 5.
    world
      .platform('a2')
      .channel()
      .postMessage({
        from: 'a2',
        topic: 'stream',
        message: { t: 'sse', name: 'samples', data: JSON.stringify(samples(6)) },
      });
    await settle();
    lastSource().open();
    lastSource().emit('samples', samples(6)); // the replay of what a sent last: not again
    lastSource().emit('samples', samples(7));
    await settle();
    expect(points(b.store)).toEqual([60, 70]);
    expect(heard).toEqual([6, 7]);
  });

  it('a follower drops relayed samples it already has and samples before its catch-up', async () => {
    const a = openTab('a');
    await settle();
    lastSource().open();
    const b = openTab('b');
    await settle();
    const relay = world.platform('x').channel();
    const post = (name: string, data: unknown) =>
      relay.postMessage({
        from: 'x',
        topic: 'stream',
        message: { t: 'sse', name, data: JSON.stringify(data) },
      });
    post('samples', samples(4)); // before any snapshot: no base to add it to
    post('snapshot', { seq: 5, series: [] });
    post('samples', samples(5)); // at the cursor: a duplicate
    post('samples', samples(6));
    await settle();
    expect(points(b.store)).toEqual([60]);
    expect(a.shared.leading).toBe(true);
  });

  it('relays other named events to subscribers in every tab', async () => {
    const a = openTab('a');
    await settle();
    const b = openTab('b');
    const seen: string[] = [];
    b.shared.subscribeEvent('layout', (data) => seen.push(data));
    await settle();
    lastSource().open();
    lastSource().emit('layout', { version: 2 });
    await settle();
    expect(seen).toEqual(['{"version":2}']);
    expect(a.shared.leading).toBe(true);
  });

  it('closes the stream only when every tab stays hidden for the grace delay', async () => {
    const a = openTab('a');
    await settle();
    lastSource().open();
    lastSource().emit('snapshot', { seq: 5, series: [] });
    const b = openTab('b');
    await settle();

    a.page.set(false);
    await vi.advanceTimersByTimeAsync(TABS_HIDDEN_GRACE_MS * 2);
    expect(openSources()).toHaveLength(1);

    b.page.set(false);
    await settle();
    await vi.advanceTimersByTimeAsync(TABS_HIDDEN_GRACE_MS - 1);
    expect(openSources()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(openSources()).toHaveLength(0);
    await settle();
    expect(a.shared.getState().status).toBe('paused');
    expect(b.shared.getState().status).toBe('paused');

    b.page.set(true);
    await settle();
    expect(openSources()).toHaveLength(1);
    expect(lastSource().url).toBe('/api/stream?lastEventId=5');
  });

  it('without Web Locks or BroadcastChannel the tab keeps its own stream', async () => {
    const store = new SeriesStore();
    const shared = new SharedStream(store, { platform: undefined, page: fakePage() });
    shared.start();
    expect(shared.leading).toBe(true);
    expect(openSources()).toHaveLength(1);
    shared.stop();
    expect(openSources()).toHaveLength(0);
  });
});
