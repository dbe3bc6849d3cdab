import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_TEXT_MAX_CHARS, INGEST_MAX_SAMPLES } from '@/lib/protocol';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { fillWithChat, fillWithSamples } from './helpers/fill-store';
import { getHealth } from './helpers/http-api';
import { lastSqliteSeq, withDatabase } from './helpers/sqlite-file';
import { collectSamples, openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/** The cap under test, in bytes: small, so the test fills it in a few requests. */
const MAX_BYTES = 256 * 1024;

afterEach(closeClients);

describe('a full store (DATABASE_MAX_BYTES reached: a real SQLITE_FULL)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      DATABASE_MAX_BYTES: String(MAX_BYTES),
    });
  });
  afterAll(() => server?.stop());

  it('refuses writes with store_full, stores nothing of them, and keeps reads, streams and chat history serving', async () => {
    const before = await openChat(server.wsUrl, { name: 'before' });
    before.send({ type: 'message', text: 'stored before the disk filled', clientMsgId: 'early' });
    const early = await before.next('ack');
    const stream = await openSse(`${server.url}/api/stream?series=fill`);
    await stream.nextEvent('snapshot');

    const { accepted, refusal } = await fillWithSamples(server.url, 'fill', INGEST_MAX_SAMPLES);
    const chatFill = await fillWithChat(before, 'x'.repeat(CHAT_TEXT_MAX_CHARS), 15);

    const storedValues = accepted.flatMap((b) => b.values);
    const lastSeq = accepted.at(-1)?.seq ?? 0;
    expect(accepted.length).toBeGreaterThan(0);
    expect(refusal).toEqual({
      status: 507,
      body: {
        error: {
          code: 'store_full',
          message: "the server's storage is full; the samples were not stored",
        },
      },
    });
    expect(chatFill.error).toEqual({
      type: 'error',
      code: 'store_full',
      message: "the server's storage is full; the message was not stored",
    });
    // Nothing half stored: exactly the acknowledged rows are in the file.
    expect(lastSqliteSeq(server.databasePath)).toBe(lastSeq);
    withDatabase(server.databasePath, (db) => {
      expect(db.prepare('SELECT COUNT(*) AS n FROM samples').get()).toEqual({
        n: storedValues.length,
      });
      expect(db.prepare('SELECT COUNT(*) AS n FROM chat_messages').get()).toEqual({
        n: 1 + chatFill.acked.length,
      });
      const pages = db.pragma('page_count', { simple: true }) as number;
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      expect(pages * pageSize).toBeLessThanOrEqual(MAX_BYTES);
    });
    // The stream opened before keeps serving: every stored sample, once, in order.
    const { samples } = await collectSamples(stream, lastSeq);
    expect(samples.map((s) => s.value)).toEqual(storedValues);
    // New readers are served.
    const fresh = await openSse(`${server.url}/api/stream?series=fill`);
    const snapshot = await fresh.nextEvent('snapshot');
    expect(snapshot.id).toBe(String(lastSeq));
    const after = await openChat(server.wsUrl, { name: 'after', since: '0' });
    expect(after.welcome.history.map((m) => m.id)).toEqual([early.id, ...chatFill.acked]);
    expect(await getHealth(server.url)).toMatchObject({ status: 'ok', store: 'full' });
  });
});
