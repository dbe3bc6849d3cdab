import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ChatOutcome, closeChat, tryChat } from './helpers/chat-refusal';
import { closeClients } from './helpers/cleanup';
import { startTestServer, type TestServer } from './helpers/start-test-server';

afterEach(closeClients);

const KEY_A = 'key-of-tab-a';
const KEY_B = 'key-of-tab-b';

function expectNameTaken(outcome: ChatOutcome, name: string): void {
  expect(outcome).toMatchObject({
    refused: true,
    code: 4409,
    frames: [
      {
        type: 'error',
        code: 'name_taken',
        message: `the name ${JSON.stringify(name)} is taken; choose another`,
      },
    ],
  });
}

async function welcomed(outcome: Promise<ChatOutcome>) {
  const result = await outcome;
  if (result.refused) throw new Error(`refused: ${JSON.stringify(result.frames)}`);
  return result;
}

describe('chat name holds (CHAT_NAME_HOLD_MS long: the window never ends in the test)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0', CHAT_NAME_HOLD_MS: '600000' });
  });
  afterAll(() => server?.stop());

  it('refuses another key, and a connection without a key, while the holder is connected', async () => {
    const holder = await welcomed(tryChat(server.wsUrl, { name: 'carol', key: KEY_A }));
    expectNameTaken(await tryChat(server.wsUrl, { name: 'carol', key: KEY_B }), 'carol');
    expectNameTaken(await tryChat(server.wsUrl, { name: 'Carol' }), 'Carol');
    // The holder's own key joins again (a second tab sharing its identity).
    const again = await welcomed(tryChat(server.wsUrl, { name: 'carol', key: KEY_A }));
    expect(again.welcome.online).toEqual(['carol']);
    await closeChat(again.ws);
    await closeChat(holder.ws);
  });

  it('keeps refusing within the window after the last connection closed; the holder gets it back', async () => {
    const holder = await welcomed(tryChat(server.wsUrl, { name: 'dave', key: KEY_A }));
    await closeChat(holder.ws);
    expectNameTaken(await tryChat(server.wsUrl, { name: 'dave', key: KEY_B }), 'dave');
    const back = await welcomed(tryChat(server.wsUrl, { name: 'dave', key: KEY_A }));
    expect(back.welcome.name).toBe('dave');
  });

  it('lets connections without a key share a name as before, and frees it when they go', async () => {
    const one = await welcomed(tryChat(server.wsUrl, { name: 'erin' }));
    const two = await welcomed(tryChat(server.wsUrl, { name: 'erin' }));
    expectNameTaken(await tryChat(server.wsUrl, { name: 'erin', key: KEY_A }), 'erin');
    await closeChat(one.ws);
    await closeChat(two.ws);
    // The server frees it once it has seen both closes: poll, never race it.
    await vi.waitFor(async () => {
      const taken = await welcomed(tryChat(server.wsUrl, { name: 'erin', key: KEY_A }));
      await closeChat(taken.ws);
    });
  });

  it('refuses a bad key with 400 before the upgrade', async () => {
    const outcome = await tryChat(server.wsUrl, { name: 'fay', key: 'short' }).catch(
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/400/);
  });
});

describe('chat name holds (CHAT_NAME_HOLD_MS short: the window ends)', () => {
  const HOLD_MS = 300;
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0', CHAT_NAME_HOLD_MS: String(HOLD_MS) });
  });
  afterAll(() => server?.stop());

  it('gives the name to another key once the window after the last close has passed', async () => {
    const holder = await welcomed(tryChat(server.wsUrl, { name: 'gus', key: KEY_A }));
    const closing = performance.now();
    await closeChat(holder.ws);
    let taker: ChatOutcome | undefined;
    await vi.waitFor(
      async () => {
        taker = await tryChat(server.wsUrl, { name: 'gus', key: KEY_B });
        expect(taker.refused).toBe(false);
      },
      { timeout: 10_000, interval: 50 },
    );
    // Never before the window: the hold starts when the server sees the close, after `closing`.
    expect(performance.now() - closing).toBeGreaterThanOrEqual(HOLD_MS);
    if (taker && !taker.refused) expect(taker.welcome.name).toBe('gus');
    // Now KEY_B holds it: the first key is the one refused.
    expectNameTaken(await tryChat(server.wsUrl, { name: 'gus', key: KEY_A }), 'gus');
  });
});
