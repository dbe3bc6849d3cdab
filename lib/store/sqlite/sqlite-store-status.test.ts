import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as schema from '@/db/schema';
import { AppError, toErrorBody } from '@/lib/errors';
import { STORE_BUSY_RETRY_AFTER_S, STORE_UNWRITABLE_RETRY_AFTER_S } from '@/lib/store/store-errors';
import { StoreStatus } from '@/lib/store/store-status';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { DB_BUSY_TIMEOUT_MS } from './open-database';
import { SqliteChatStore } from './sqlite-chat-store';
import { sqliteFailureOf } from './sqlite-errors';
import { SqliteMetricStore } from './sqlite-metric-store';

let temp: ReturnType<typeof openTempDatabase>;
let status: StoreStatus;
let metrics: SqliteMetricStore;
let chat: SqliteChatStore;

beforeEach(() => {
  temp = openTempDatabase();
  status = new StoreStatus(sqliteFailureOf);
  metrics = new SqliteMetricStore(temp.db, status);
  chat = new SqliteChatStore(temp.db, status);
});
afterEach(async () => {
  await metrics.close();
  temp.dispose();
});

/** What `promise` rejected with. */
async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const sample = (value: number) => [{ series: 'a', value, ts: value }];

// store_full on a capped file is in tests/store-contract; these need SQLite's own levers.
describe('StoreStatus with real SQLite failures', () => {
  it('maps SQLITE_FULL to a 507 store_full, stores nothing, and reports "full" until a write works', async () => {
    await metrics.append(sample(1));
    const pages = temp.db.$client.pragma('page_count', { simple: true }) as number;
    temp.db.$client.pragma(`max_page_count = ${pages}`);
    const big = Array.from({ length: 2000 }, (_, i) => ({ series: 'a', value: i, ts: i }));

    const error = await thrown(metrics.append(big));

    expect(toErrorBody(error)).toEqual({
      status: 507,
      body: {
        error: {
          code: 'store_full',
          message: "the server's storage is full; the samples were not stored",
        },
      },
      known: true,
    });
    expect(status.state).toBe('full');
    expect(await metrics.lastSeq()).toBe(1);
    expect(await metrics.readAfter(0, 10)).toHaveLength(1);

    temp.db.$client.pragma('max_page_count = 1000000');
    await metrics.append(sample(2));
    expect(status.state).toBe('ok');
  });

  it('sends the chat wording for a full store', async () => {
    temp.db.$client.pragma(
      `max_page_count = ${temp.db.$client.pragma('page_count', { simple: true })}`,
    );
    const error = await thrown(
      chat.append({ room: 'general', sender: 'name:ann', name: 'ann', text: 'x'.repeat(20_000) }),
    );

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe(
      "the server's storage is full; the message was not stored",
    );
    expect(await chat.recent('general', 10)).toEqual([]);
  });

  it('maps SQLITE_READONLY to a 503 store_read_only with Retry-After and reports "read_only"', async () => {
    const readOnly = new Database(temp.file, { readonly: true });
    const db = drizzle({ client: readOnly, schema });
    try {
      const roStatus = new StoreStatus(sqliteFailureOf);
      const roChat = new SqliteChatStore(db, roStatus);
      const error = await thrown(
        roChat.append({ room: 'general', sender: 'name:ann', name: 'ann', text: 'hi' }),
      );

      expect(toErrorBody(error)).toMatchObject({
        status: 503,
        body: { error: { code: 'store_read_only' } },
        retryAfterS: STORE_UNWRITABLE_RETRY_AFTER_S,
      });
      expect(roStatus.state).toBe('read_only');
      expect(await roChat.recent('general', 10)).toEqual([]);
    } finally {
      readOnly.close();
    }
  });

  it('maps SQLITE_BUSY to a 503 store_busy with Retry-After and leaves the state "ok"', async () => {
    const other = new Database(temp.file);
    temp.db.$client.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    try {
      const error = await thrown(metrics.append(sample(1)));

      expect(toErrorBody(error)).toMatchObject({
        status: 503,
        body: { error: { code: 'store_busy' } },
        retryAfterS: STORE_BUSY_RETRY_AFTER_S,
      });
      expect(status.state).toBe('ok');
      expect(status.failedWrites).toBe(1);
    } finally {
      other.exec('ROLLBACK');
      other.close();
      temp.db.$client.pragma(`busy_timeout = ${DB_BUSY_TIMEOUT_MS}`);
    }
  });
});
