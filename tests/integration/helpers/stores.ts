import { parseEnv } from '@/lib/env';
import type { ChatMessage } from '@/lib/protocol';
import type { StoredSample } from '@/lib/store/metric-store';
import { openStores } from '@/lib/store/open-stores';
import type { Stores } from '@/lib/store/stores';

/** Rows read per page when a helper reads everything stored. */
const PAGE_ROWS = 10_000;
/** More chat messages than any test stores. */
const ALL_MESSAGES = 1_000_000_000;

/**
 * Runs `fn` on the stores of a server's database, opened beside the server as a second
 * instance of it would (`openStores`, whatever the engine), then closes them. For tests that
 * seed or count; tests about SQLite itself use ./sqlite-file.ts. `env` overrides variables
 * (SERIES_MAX to seed more series than the default cap).
 */
export async function withStores<T>(
  databasePath: string,
  fn: (stores: Stores) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const stores = await openStores(parseEnv({ DATABASE_PATH: databasePath, ...env }));
  try {
    return await fn(stores);
  } finally {
    await stores.close();
  }
}

/** The highest sample seq ever assigned (0 when none): what the store holds. */
export function lastStoredSeq(databasePath: string): Promise<number> {
  return withStores(databasePath, (s) => s.metrics.lastSeq());
}

/** The newest sample seq and chat message id: what a refused request must not move. */
export function lastStoredIds(
  databasePath: string,
): Promise<{ sampleSeq: number; chatMessageId: number }> {
  return withStores(databasePath, async (s) => ({
    sampleSeq: await s.metrics.lastSeq(),
    chatMessageId: (await s.chat.recent('general', 1))[0]?.id ?? 0,
  }));
}

/** Every stored sample, in seq order. */
export function storedSamples(databasePath: string): Promise<StoredSample[]> {
  return withStores(databasePath, async (s) => {
    const all: StoredSample[] = [];
    for (;;) {
      const page = await s.metrics.readAfter(all.at(-1)?.seq ?? 0, PAGE_ROWS);
      all.push(...page);
      if (page.length < PAGE_ROWS) return all;
    }
  });
}

/** Every stored chat message, in id order. */
export function storedMessages(databasePath: string): Promise<ChatMessage[]> {
  return withStores(
    databasePath,
    async (s) => (await s.chat.after('general', 0, ALL_MESSAGES)).messages,
  );
}

/** Stores chat messages (faster than the rate-limited socket); returns their ids. */
export function seedChatMessages(databasePath: string, count: number, name = 'seed') {
  return withStores(databasePath, async (s) => {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(
        (
          await s.chat.append({
            room: 'general',
            sender: `name:${name}`,
            name,
            text: `seeded ${i}`,
          })
        ).message.id,
      );
    }
    return ids;
  });
}
