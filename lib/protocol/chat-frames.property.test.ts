import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChatErrorCode, parseClientFrame } from './chat-frames';
import { CHAT_CLIENT_MSG_ID_MAX_CHARS, CHAT_TEXT_MAX_CHARS } from './limits';

/** Generated cases per property. */
const RUNS = 10_000;
const ERROR_CODES = new Set<string>(Object.values(ChatErrorCode));

/** Strings of `max - 3` to `max + 3` characters, sometimes padded with spaces to trim. */
const aroundLimit = (max: number) =>
  fc
    .tuple(fc.integer({ min: Math.max(0, max - 3), max: max + 3 }), fc.nat(3), fc.nat(3))
    .map(([n, before, after]) => `${' '.repeat(before)}${'x'.repeat(n)}${' '.repeat(after)}`);

/** Any JSON value, biased towards objects shaped like frames and towards the limits. */
const frameLike = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      type: fc.oneof(fc.constantFrom('message', 'typing', 'Message', ''), fc.jsonValue()),
      text: fc.oneof(
        fc.string({ maxLength: 40 }),
        aroundLimit(CHAT_TEXT_MAX_CHARS),
        fc.constantFrom('', '   ', '\t\n'),
        fc.jsonValue(),
      ),
      clientMsgId: fc.oneof(
        fc.string({ maxLength: 10 }),
        aroundLimit(CHAT_CLIENT_MSG_ID_MAX_CHARS).map((s) => s.trim()),
        fc.jsonValue(),
      ),
    },
    { requiredKeys: [] },
  ),
);

describe('parseClientFrame, generated', () => {
  it('never throws on arbitrary text and answers with a known code and a message', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (raw) => {
        const result = parseClientFrame(raw);
        if (!result.ok) {
          expect(ERROR_CODES.has(result.code)).toBe(true);
          expect(result.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts exactly the well-formed frames among frame-like JSON', () => {
    fc.assert(
      fc.property(frameLike, (value) => {
        const result = parseClientFrame(JSON.stringify(value));
        const v = value as Record<string, unknown> | null;
        const isObject = typeof v === 'object' && v !== null && !Array.isArray(v);
        const text = isObject && typeof v.text === 'string' ? v.text.trim() : undefined;
        const id = isObject ? v.clientMsgId : undefined;
        const goodMessage =
          isObject &&
          v.type === 'message' &&
          text !== undefined &&
          text.length >= 1 &&
          text.length <= CHAT_TEXT_MAX_CHARS &&
          (id === undefined ||
            (typeof id === 'string' &&
              id.length >= 1 &&
              id.length <= CHAT_CLIENT_MSG_ID_MAX_CHARS));
        const goodTyping = isObject && v.type === 'typing';
        expect(result.ok).toBe(goodMessage || goodTyping);
        if (result.ok && result.frame.type === 'message') expect(result.frame.text).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });
});
