import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECONNECT_BASE_DELAY_MS, RECONNECT_MAX_DELAY_MS } from './backoff';
import { FakeEventSource, fakeStreamBrowser, restoreStreamBrowser } from './browser-sockets.fake';
import { SeriesStore } from './series-store';
import { StreamClient } from './stream-client';

let client: StreamClient;

beforeEach(() => {
  fakeStreamBrowser();
  client = new StreamClient(new SeriesStore());
  client.start();
  const first = FakeEventSource.instances[0] as FakeEventSource;
  first.open();
  first.emit('snapshot', { seq: 5, series: [] });
  first.emit('samples', { seq: 7, samples: [{ series: 'a', ts: 1, value: 1 }] });
});
afterEach(() => {
  client.stop();
  restoreStreamBrowser();
});

describe('StreamClient on event: shutdown', () => {
  it("waits exactly the server's retryMs, then resumes from its cursor", () => {
    const first = FakeEventSource.instances[0] as FakeEventSource;
    first.emit('shutdown', { reason: 'server restarting', retryMs: 3000 });
    expect(first.readyState).toBe(FakeEventSource.CLOSED);
    expect(client.getState().status).toBe('reconnecting');

    vi.advanceTimersByTime(2999);
    expect(FakeEventSource.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeEventSource.instances.map((s) => s.url)).toEqual([
      '/api/stream',
      '/api/stream?lastEventId=7',
    ]);
  });

  it('uses its own short backoff after a plain network error', () => {
    const first = FakeEventSource.instances[0] as FakeEventSource;
    first.readyState = FakeEventSource.CONNECTING;
    first.onerror?.(new Event('error'));

    vi.advanceTimersByTime(RECONNECT_BASE_DELAY_MS);
    expect(FakeEventSource.instances.at(-1)?.url).toBe('/api/stream?lastEventId=7');
  });
});

describe('StreamClient and the database epoch', () => {
  it('resumes with <seq>:<epoch> once a snapshot named the epoch, and takes the epoch of a later snapshot', () => {
    const first = FakeEventSource.instances[0] as FakeEventSource;
    first.emit('snapshot', { seq: 9, series: [], epoch: '0123456789abcdef' });
    first.readyState = FakeEventSource.CONNECTING;
    first.onerror?.(new Event('error'));
    vi.advanceTimersByTime(RECONNECT_MAX_DELAY_MS);
    const second = FakeEventSource.instances.at(-1) as FakeEventSource;
    expect(second.url).toBe('/api/stream?lastEventId=9%3A0123456789abcdef');

    // The database was recreated: the server answered with a snapshot of the new epoch.
    second.open();
    second.emit('snapshot', { seq: 2, series: [], epoch: 'fedcba9876543210' });
    second.readyState = FakeEventSource.CONNECTING;
    second.onerror?.(new Event('error'));
    vi.advanceTimersByTime(RECONNECT_MAX_DELAY_MS);
    expect(FakeEventSource.instances.at(-1)?.url).toBe(
      '/api/stream?lastEventId=2%3Afedcba9876543210',
    );
  });
});

describe('StreamClient when the server refuses the stream (CLOSED)', () => {
  function refuse(source: FakeEventSource): void {
    source.readyState = FakeEventSource.CLOSED;
    source.onerror?.(new Event('error'));
  }

  it('asks GET /api/session whether the session ended when the page is signed in', async () => {
    const fetcher = vi.fn(async () => new Response(null, { status: 401 }));
    vi.stubGlobal('fetch', fetcher);
    const assign = vi.fn();
    vi.stubGlobal(
      'window',
      Object.assign(new EventTarget(), { location: { pathname: '/', search: '', assign } }),
    );
    const signedIn = new StreamClient(new SeriesStore(), { signedIn: true });
    signedIn.start();
    refuse(FakeEventSource.instances.at(-1) as FakeEventSource);
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('/login'));
    expect(fetcher).toHaveBeenCalledWith('/api/session', { cache: 'no-store' });
    signedIn.stop();
  });

  it('does not ask when access control is off (the page has no session)', () => {
    const fetcher = vi.fn(async () => new Response(null, { status: 404 }));
    vi.stubGlobal('fetch', fetcher);
    refuse(FakeEventSource.instances[0] as FakeEventSource);
    expect(fetcher).not.toHaveBeenCalled();
  });
});

describe('StreamClient on event: series-deleted', () => {
  it('takes the series out of the store, tells the tab relay, and keeps its cursor', () => {
    const store = new SeriesStore();
    const relayed: [string, string][] = [];
    const own = new StreamClient(store, { onEvent: (name, data) => relayed.push([name, data]) });
    own.start();
    const source = FakeEventSource.instances.at(-1) as FakeEventSource;
    source.open();
    source.emit('snapshot', {
      seq: 5,
      series: [
        { name: 'gone', points: [[1, 1]] },
        { name: 'kept', points: [] },
      ],
    });
    source.emit('series-deleted', { series: 'gone' });
    expect(store.get('gone')).toBeUndefined();
    expect(store.list()).toEqual([{ name: 'kept' }]);
    expect(relayed.at(-1)).toEqual(['series-deleted', '{"series":"gone"}']);
    expect(own.lastSeq).toBe(5);
    own.stop();
  });

  it('applies the event another tab relays, and ignores one without a series name', () => {
    const store = new SeriesStore();
    const follower = new StreamClient(store);
    follower.receive(
      'snapshot',
      JSON.stringify({
        seq: 3,
        series: [
          { name: 'a', points: [] },
          { name: 'b', points: [] },
        ],
      }),
    );
    follower.receive('series-deleted', '{"name":"a"}');
    follower.receive('series-deleted', 'not json');
    expect(store.list()).toHaveLength(2);
    follower.receive('series-deleted', '{"series":"a"}');
    expect(store.list()).toEqual([{ name: 'b' }]);
  });
});
