import { describe, expect, it } from 'vitest';
import { RECONNECT_MAX_DELAY_MS } from './backoff';
import { isNewEvent, parseShutdownRetryMs, parseStreamData, streamUrl } from './stream-cursor';

describe('streamUrl', () => {
  it('asks for a snapshot on the first connection', () => {
    expect(streamUrl(undefined)).toBe('/api/stream');
  });

  it('resumes after the last event id seen', () => {
    expect(streamUrl(42)).toBe('/api/stream?lastEventId=42');
    expect(streamUrl(0)).toBe('/api/stream?lastEventId=0');
  });

  it('names the database epoch of the cursor when it knows it', () => {
    expect(streamUrl(42, '0123456789abcdef')).toBe('/api/stream?lastEventId=42%3A0123456789abcdef');
    expect(streamUrl(undefined, '0123456789abcdef')).toBe('/api/stream');
  });
});

describe('isNewEvent', () => {
  it('accepts anything before the first event', () => {
    expect(isNewEvent(undefined, 0)).toBe(true);
  });

  it('accepts only a sequence number past the cursor', () => {
    expect(isNewEvent(10, 11)).toBe(true);
    expect(isNewEvent(10, 10)).toBe(false);
    expect(isNewEvent(10, 3)).toBe(false);
  });
});

describe('parseStreamData', () => {
  it('parses a payload with a numeric seq', () => {
    expect(parseStreamData('{"seq":3,"samples":[]}')).toEqual({ seq: 3, samples: [] });
  });

  it.each([['not json'], ['{"seq":"3"}'], ['null'], [42]])('rejects %j', (data) => {
    expect(parseStreamData(data)).toBeUndefined();
  });
});

describe('parseShutdownRetryMs', () => {
  it('reads retryMs from an event: shutdown payload', () => {
    expect(parseShutdownRetryMs('{"reason":"server restarting","retryMs":2345}')).toBe(2345);
  });

  it('keeps RECONNECT_MAX_DELAY_MS and caps anything longer to it', () => {
    expect(parseShutdownRetryMs(`{"retryMs":${RECONNECT_MAX_DELAY_MS}}`)).toBe(
      RECONNECT_MAX_DELAY_MS,
    );
    expect(parseShutdownRetryMs(`{"retryMs":${RECONNECT_MAX_DELAY_MS + 1}}`)).toBe(
      RECONNECT_MAX_DELAY_MS,
    );
  });

  it('gives undefined (use the backoff) for a payload without a usable retryMs', () => {
    for (const data of ['{}', '{"retryMs":-1}', '{"retryMs":"5"}', 'null', 'not json', undefined]) {
      expect(parseShutdownRetryMs(data)).toBeUndefined();
    }
  });
});
