import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const FRAME_MAX_BYTES = 16 * 1024;
const BURST_FRAMES = 20;
const FLOOD_DROPPED_MAX = 20;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());
afterEach(closeClients);

/** A message frame padded with an ignored field to exactly `bytes` bytes. */
function frameOfBytes(bytes: number, clientMsgId: string): string {
  const base = JSON.stringify({ type: 'message', text: 'padded', clientMsgId, pad: '' });
  return base.replace('"pad":""', `"pad":"${'p'.repeat(bytes - Buffer.byteLength(base))}"`);
}

describe('/ws/chat: text and id limits', () => {
  it('accepts a text of 2000 characters after trimming, and a 64-character clientMsgId', async () => {
    const chat = await openChat(server.wsUrl, { name: 'edge' });
    const text = 'x'.repeat(2000);
    const clientMsgId = 'c'.repeat(64);

    chat.send({ type: 'message', text: `  ${text}  `, clientMsgId });
    const ack = await chat.next('ack');
    const later = await openChat(server.wsUrl, { since: String(ack.id - 1) });

    expect(ack.clientMsgId).toBe(clientMsgId);
    expect(later.welcome.history[0]?.text).toBe(text);
  });
});

describe('/ws/chat: frame size', () => {
  it('accepts a frame of exactly 16 KiB', async () => {
    const chat = await openChat(server.wsUrl, { name: 'big' });
    const frame = frameOfBytes(FRAME_MAX_BYTES, 'exactly-16k');

    chat.ws.send(frame);
    const ack = await chat.next('ack');

    expect(Buffer.byteLength(frame)).toBe(FRAME_MAX_BYTES);
    expect(ack.clientMsgId).toBe('exactly-16k');
  });

  it('closes the connection with 1009 on a frame over 16 KiB', async () => {
    const chat = await openChat(server.wsUrl, { name: 'big' });

    chat.ws.send(frameOfBytes(FRAME_MAX_BYTES + 1, 'over-16k'));
    const closed = await chat.closed;

    expect(closed.code).toBe(1009);
    expect(chat.log.items.filter((f) => f.type === 'ack')).toEqual([]);
  });
});

describe('/ws/chat: flooding', () => {
  it('handles a burst of 20 frames and drops the 21st with one rate_limited error', async () => {
    const chat = await openChat(server.wsUrl, { name: 'burst' });

    for (let i = 0; i < BURST_FRAMES + 3; i++) chat.send({ type: `nope-${i}` });
    await chat.roundTrip();

    const errors = chat.log.items.filter((f) => f.type === 'error');
    expect(errors.slice(0, BURST_FRAMES).every((e) => e.code === 'unknown_type')).toBe(true);
    expect(errors.slice(BURST_FRAMES)).toEqual([
      { type: 'error', code: 'rate_limited', message: expect.any(String) },
    ]);
    expect(chat.ws.readyState).toBe(chat.ws.OPEN);
  });

  it('closes with 1008 after 20 more dropped frames, not before', async () => {
    const chat = await openChat(server.wsUrl, { name: 'flood' });

    for (let i = 0; i < BURST_FRAMES + FLOOD_DROPPED_MAX; i++) chat.send({ type: 'typing' });
    await chat.roundTrip();
    const openAfterLimit = chat.ws.readyState === chat.ws.OPEN;
    chat.send({ type: 'typing' });
    const closed = await chat.closed;

    expect(openAfterLimit).toBe(true);
    expect(chat.log.items.filter((f) => f.type === 'error')).toEqual([
      { type: 'error', code: 'rate_limited', message: expect.any(String) },
    ]);
    expect(closed.code).toBe(1008);
  });

  it('lets a client that slows down to the refill rate keep going', async () => {
    const chat = await openChat(server.wsUrl, { name: 'steady' });

    for (let i = 0; i < BURST_FRAMES; i++) chat.send({ type: 'typing' });
    await chat.roundTrip();
    // The bucket is empty now: from here on, one frame every 200 ms (5/s, under the refill).
    let polls = 0;
    await expect
      .poll(
        () => {
          if (polls++ > 0) chat.send({ type: 'message', text: 'steady' });
          return chat.log.items.filter((f) => f.type === 'ack').length;
        },
        { interval: 200, timeout: 5000 },
      )
      .toBeGreaterThanOrEqual(5);

    expect(chat.log.items.filter((f) => f.type === 'error')).toEqual([]);
    expect(chat.ws.readyState).toBe(chat.ws.OPEN);
  });
});
