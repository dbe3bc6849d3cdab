import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StreamHub, StreamRequest } from './stream-hub';
import { openSqliteHub, openStreamOn, RecordingSink } from './stream-hub.test-helpers';

let hub: StreamHub;
let close: () => Promise<void>;

beforeEach(async () => {
  ({ hub, close } = await openSqliteHub());
});
afterEach(() => close());

/** Opens a stream and waits for its first write (retry and first event). */
const openStream = (request: StreamRequest, sink?: RecordingSink) =>
  openStreamOn(hub, request, sink);

describe('StreamHub.broadcast', () => {
  it('broadcasts a named event without id to every stream, whatever its filter, serialised once', async () => {
    const all = new RecordingSink();
    const filtered = new RecordingSink();
    await openStream({ windowS: 60 }, all);
    await openStream({ windowS: 60, series: ['only.this'] }, filtered);
    const sent = hub.stats.eventsSent;

    hub.broadcast('layout', { version: 3, widgets: [] });

    for (const sink of [all, filtered]) {
      expect(sink.events().at(-1)).toEqual({ event: 'layout', data: { version: 3, widgets: [] } });
    }
    expect(all.chunks.at(-1)).toBe(filtered.chunks.at(-1));
    expect(hub.stats.eventsSent).toBe(sent + 2);
  });
});
