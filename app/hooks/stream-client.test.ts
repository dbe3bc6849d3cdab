import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECONNECT_BASE_DELAY_MS } from './backoff';
import { FakeEventSource } from './browser-sockets.fake';
import { SeriesStore } from './series-store';
import { StreamClient } from './stream-client';

let client: StreamClient;

beforeEach(() => {
  vi.useFakeTimers();
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal('window', new EventTarget());
  vi.stubGlobal('navigator', { onLine: true });
  client = new StreamClient(new SeriesStore());
  client.start();
  const first = FakeEventSource.instances[0] as FakeEventSource;
  first.open();
  first.emit('snapshot', { seq: 5, series: [] });
  first.emit('samples', { seq: 7, samples: [{ series: 'a', ts: 1, value: 1 }] });
});
afterEach(() => {
  client.stop();
  vi.unstubAllGlobals();
  vi.useRealTimers();
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
