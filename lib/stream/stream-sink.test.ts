import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { responseSink, STREAM_MAX_QUEUED_BYTES } from './stream-sink';

/** A response whose kernel never takes a byte: everything written stays queued. */
function stalledResponse() {
  const state = { writableLength: 0, writableEnded: false, destroyed: false, ended: 0 };
  const res = {
    get writableLength() {
      return state.writableLength;
    },
    get writableEnded() {
      return state.writableEnded;
    },
    get destroyed() {
      return state.destroyed;
    },
    write(chunk: Uint8Array) {
      state.writableLength += chunk.byteLength;
      return true;
    },
    end() {
      state.writableEnded = true;
      state.ended += 1;
    },
    destroy() {
      state.destroyed = true;
    },
  };
  return { res: res as unknown as ServerResponse, state };
}

describe('responseSink', () => {
  it('accepts exactly STREAM_MAX_QUEUED_BYTES unread, and reports the next byte as too slow', () => {
    const { res } = stalledResponse();
    const sink = responseSink(res);
    expect(sink.write(new Uint8Array(STREAM_MAX_QUEUED_BYTES))).toBe(true);
    expect(sink.write(new Uint8Array(1))).toBe(false);
  });

  it('ends the response on a plain close, and destroys it (throwing the queue away) for a slow reader', () => {
    const plain = stalledResponse();
    responseSink(plain.res).close();
    responseSink(plain.res).close();
    expect([plain.state.ended, plain.state.destroyed]).toEqual([1, false]);

    const slow = stalledResponse();
    responseSink(slow.res).close('slow_reader');
    expect([slow.state.ended, slow.state.destroyed]).toEqual([0, true]);
  });

  it('refuses writes once the response is over', () => {
    const { res, state } = stalledResponse();
    const sink = responseSink(res);
    state.destroyed = true;
    expect(sink.write(new Uint8Array(1))).toBe(false);
    expect(state.writableLength).toBe(0);
  });
});
