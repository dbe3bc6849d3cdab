import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_BUSY_TIMEOUT_MS } from '@/db/client';
import * as schema from '@/db/schema';
import { AppError, toErrorBody } from '@/lib/errors';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { SqliteChatStore } from './sqlite-chat-store';
import { SqliteMetricStore } from './sqlite-metric-store';
import { STORE_BUSY_RETRY_AFTER_S, STORE_UNWRITABLE_RETRY_AFTER_S } from './store-errors';
import { StoreStatus } from './store-status';

let temp: ReturnType<typeof openTempDatabase>;
let status: StoreStatus;
let metrics: SqliteMetricStore;
let chat: SqliteChatStore;

beforeEach(() => {
  temp = openTempDatabase();
  status = new StoreStatus();
  metrics = new SqliteMetricStore(temp.db, status);
  chat = new SqliteChatStore(temp.db, status);
});
afterEach(() => {
  metrics.close();
  temp.dispose();
});

/** Runs `fn` and returns what it threw. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const sample = (value: number) => [{ series: 'a', value, ts: value }];

describe('StoreStatus with real SQLite failures', () => {
  it('maps SQLITE_FULL to a 507 store_full, stores nothing, and reports "full" until a write works', () => {
    metrics.append(sample(1));
    const pages = temp.db.$client.pragma('page_count', { simple: true }) as number;
    temp.db.$client.pragma(`max_page_count = ${pages}`);
    const big = Array.from({ length: 2000 }, (_, i) => ({ series: 'a', value: i, ts: i }));

    const error = thrown(() => metrics.append(big));

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
    expect(metrics.lastSeq()).toBe(1);
    expect(metrics.readAfter(0, 10)).toHaveLength(1);

    temp.db.$client.pragma('max_page_count = 1000000');
    metrics.append(sample(2));
    expect(status.state).toBe('ok');
  });

  it('sends the chat wording for a full store', () => {
    temp.db.$client.pragma(
      `max_page_count = ${temp.db.$client.pragma('page_count', { simple: true })}`,
    );
    const error = thrown(() => chat.append({ name: 'ann', text: 'x'.repeat(20_000) }));

    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe(
      "the server's storage is full; the message was not stored",
    );
    expect(chat.recent(10)).toEqual([]);
  });

  it('maps SQLITE_READONLY to a 503 store_read_only with Retry-After and reports "read_only"', () => {
    const readOnly = new Database(temp.file, { readonly: true });
    const db = drizzle({ client: readOnly, schema });
    try {
      const roStatus = new StoreStatus();
      const roChat = new SqliteChatStore(db, roStatus);
      const error = thrown(() => roChat.append({ name: 'ann', text: 'hi' }));

      expect(toErrorBody(error)).toMatchObject({
        status: 503,
        body: { error: { code: 'store_read_only' } },
        retryAfterS: STORE_UNWRITABLE_RETRY_AFTER_S,
      });
      expect(roStatus.state).toBe('read_only');
      expect(roChat.recent(10)).toEqual([]);
    } finally {
      readOnly.close();
    }
  });

  it('maps SQLITE_BUSY to a 503 store_busy with Retry-After and leaves the state "ok"', () => {
    const other = new Database(temp.file);
    temp.db.$client.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    try {
      const error = thrown(() => metrics.append(sample(1)));

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

  it('lets a bug through unchanged (it stays a 500)', () => {
    const bug = new TypeError('not a storage problem');
    expect(() =>
      status.write('nothing was stored', () => {
        throw bug;
      }),
    ).toThrow(bug);
    expect(status.state).toBe('ok');
    expect(status.failedWrites).toBe(0);
  });
});
