import { describe, expect, it, vi } from 'vitest';
import { createReadableSink, STREAM_MAX_QUEUED_BYTES } from './stream-sink';

describe('createReadableSink', () => {
  it('accepts exactly STREAM_MAX_QUEUED_BYTES unread, and reports the next byte as too slow', () => {
    const { sink } = createReadableSink(() => {});
    expect(sink.write(new Uint8Array(STREAM_MAX_QUEUED_BYTES))).toBe(true);
    expect(sink.write(new Uint8Array(1))).toBe(false);
  });

  it('counts only what the reader has not taken yet', async () => {
    const { body, sink } = createReadableSink(() => {});
    const reader = body.getReader();
    expect(sink.write(new Uint8Array(STREAM_MAX_QUEUED_BYTES))).toBe(true);
    await reader.read();
    expect(sink.write(new Uint8Array(STREAM_MAX_QUEUED_BYTES))).toBe(true);
  });

  it('calls back once when the reader cancels, and refuses writes after', async () => {
    const onCancel = vi.fn();
    const { body, sink } = createReadableSink(onCancel);
    await body.cancel();
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(sink.write(new Uint8Array(1))).toBe(false);
  });

  it('ends after the queue on a plain close, but throws the queue away for a slow reader', async () => {
    const ended = createReadableSink(() => {});
    ended.sink.write(new Uint8Array([1]));
    ended.sink.close();
    const reader = ended.body.getReader();
    expect((await reader.read()).value).toEqual(new Uint8Array([1]));
    expect((await reader.read()).done).toBe(true);

    const over = vi.fn();
    const dropped = createReadableSink(over);
    dropped.sink.write(new Uint8Array([1]));
    dropped.sink.close('slow_reader');
    await expect(dropped.body.getReader().read()).rejects.toThrow('slow_reader');
    expect(over).toHaveBeenCalledTimes(1);
  });
});
