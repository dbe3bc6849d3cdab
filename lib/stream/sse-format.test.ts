import { describe, expect, it } from 'vitest';
import { concatBytes, formatEvent, formatRetry, KEEPALIVE_COMMENT } from './sse-format';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('SSE framing', () => {
  it('writes event, id and one JSON data line, ended by a blank line', () => {
    expect(text(formatEvent('samples', 7, { seq: 7, samples: [] }))).toBe(
      'event: samples\nid: 7\ndata: {"seq":7,"samples":[]}\n\n',
    );
  });

  it('keeps newlines inside strings escaped, so one event stays one data line', () => {
    const out = text(formatEvent('snapshot', 1, { name: 'a\nb' }));
    expect(out.split('\n').filter((l) => l.startsWith('data: '))).toHaveLength(1);
    expect(out).toContain('"a\\nb"');
  });

  it('rounds retry to whole milliseconds', () => {
    expect(text(formatRetry(1500.7))).toBe('retry: 1501\n\n');
  });

  it('writes keep-alives as comments', () => {
    expect(text(KEEPALIVE_COMMENT)).toMatch(/^:.*\n\n$/);
  });

  it('concatenates chunks in order', () => {
    expect(text(concatBytes([formatRetry(5), KEEPALIVE_COMMENT]))).toBe(
      'retry: 5\n\n: keep-alive\n\n',
    );
  });
});
