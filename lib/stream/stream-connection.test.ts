import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HookRunner } from '@/lib/hooks/hook-runner';
import type { StreamHookContext } from '@/lib/hooks/hook-types';
import { log } from '@/lib/logger';
import { SqliteMetricStore } from '@/lib/store/sqlite/sqlite-metric-store';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { openStreamConnection } from './stream-connection';
import { StreamHub } from './stream-hub';
import type { StreamSink } from './stream-sink';

let temp: ReturnType<typeof openTempDatabase>;
let store: SqliteMetricStore;
let hub: StreamHub;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  temp = openTempDatabase();
  store = new SqliteMetricStore(temp.db);
  hub = new StreamHub(store);
});
afterEach(async () => {
  hub.closeAll();
  await store.close();
  temp.dispose();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function recordingSink(): StreamSink & { text: () => string; closed: boolean } {
  const chunks: Uint8Array[] = [];
  const sink = {
    closed: false,
    write(chunk: Uint8Array) {
      chunks.push(chunk);
      return true;
    },
    close() {
      sink.closed = true;
    },
    text: () => chunks.map((c) => new TextDecoder().decode(c)).join(''),
  };
  return sink;
}

describe('openStreamConnection with a session expiry', () => {
  it('writes session-expired, ends the stream and leaves the hub at the expiry', () => {
    const sink = recordingSink();
    openStreamConnection(hub, undefined, { windowS: 60 }, sink, {
      remoteAddress: undefined,
      session: { exp: Date.now() + 1000 },
    });

    vi.advanceTimersByTime(999);
    expect([sink.closed, hub.size]).toEqual([false, 1]);
    vi.advanceTimersByTime(1);

    expect(sink.text()).toMatch(
      /event: session-expired\ndata: \{"reason":"session expired"\}\n\n$/,
    );
    expect([sink.closed, hub.size, vi.getTimerCount()]).toEqual([true, 0, 0]);
  });

  it('clears its timer when the client leaves first', () => {
    const sink = recordingSink();
    const connection = openStreamConnection(hub, undefined, { windowS: 60 }, sink, {
      remoteAddress: undefined,
      session: { exp: Date.now() + 1000 },
    });
    expect(vi.getTimerCount()).toBe(1);

    connection.release();

    expect([vi.getTimerCount(), hub.size]).toEqual([0, 0]);
    vi.advanceTimersByTime(2000);
    expect(sink.text()).not.toContain('session-expired');
  });

  it('sets no timer without a session', () => {
    openStreamConnection(hub, undefined, { windowS: 60 }, recordingSink(), {
      remoteAddress: undefined,
    });

    expect(vi.getTimerCount()).toBe(0);
  });

  it("writes session-expired with the session's reason when the session is revoked", () => {
    const sink = recordingSink();
    let end: ((reason: string) => void) | undefined;
    let watching = false;
    openStreamConnection(hub, undefined, { windowS: 60 }, sink, {
      remoteAddress: undefined,
      session: {
        exp: Date.now() + 60_000,
        watch: (onEnd) => {
          end = onEnd;
          watching = true;
          return () => {
            watching = false;
          };
        },
      },
    });

    end?.('session revoked');

    expect(sink.text()).toMatch(
      /event: session-expired\ndata: \{"reason":"session revoked"\}\n\n$/,
    );
    expect([sink.closed, hub.size, watching]).toEqual([true, 0, false]);
  });
});

describe('openStreamConnection', () => {
  it('runs the stream hooks with one context, at open and once at close', () => {
    const calls: [string, StreamHookContext, number?][] = [];
    const hooks = new HookRunner([
      {
        name: 'recorder',
        onStreamOpen: (ctx) => calls.push(['open', ctx]),
        onStreamClose: (ctx, durationMs) => calls.push(['close', ctx, durationMs]),
      },
    ]);
    const request = { windowS: 60 };
    const connection = openStreamConnection(hub, hooks, request, recordingSink(), {
      connectionId: 'c1',
      remoteAddress: '192.0.2.1',
    });
    vi.advanceTimersByTime(250);
    connection.release();
    connection.release();

    const ctx = { connectionId: 'c1', remoteAddress: '192.0.2.1', request };
    expect(calls).toEqual([
      ['open', ctx],
      ['close', ctx, 250],
    ]);
    expect(calls[0]?.[1]).toBe(calls[1]?.[1]);
  });

  it.each([
    ['the client left', [], 'client_closed'],
    ['the hub dropped it as too slow', ['slow_reader', 'server_closed'], 'slow_reader'],
    ['the server closed it', ['server_closed'], 'server_closed'],
  ] as const)('logs its close once, with the first reason, when %s', (_, closes, reason) => {
    const info = vi.spyOn(log, 'info');
    const connection = openStreamConnection(hub, undefined, { windowS: 60 }, recordingSink(), {
      connectionId: 'c2',
      remoteAddress: undefined,
    });
    for (const why of closes) connection.close(why);
    connection.release();
    connection.release();

    const logged = info.mock.calls.filter(([msg]) => msg === 'sse close');
    expect(logged).toEqual([
      ['sse close', expect.objectContaining({ connId: 'c2', transport: 'sse', reason })],
    ]);
  });
});
