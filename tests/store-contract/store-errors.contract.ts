import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, toErrorBody } from '@/lib/errors';
import {
  type ContractDatabase,
  type EngineAbilities,
  type OpenContractDatabase,
  rejectionOf,
} from './harness';

/**
 * A cap that fills within a few batches: the schema alone takes 33 pages of 4 KiB (since the
 * boards and the database epoch), and 192 KiB leaves 15 for rows, enough for the first batch
 * of 500 samples and not for many more.
 */
const SMALL_DATABASE_BYTES = 192 * 1024;

/**
 * Storage failures reach clients as the store codes, whatever the engine: a full database is
 * `507 store_full` with a message saying what was not stored, nothing of the write is kept,
 * the status says `full`, and reads go on.
 */
export function describeStoreErrorsContract(
  name: string,
  open: OpenContractDatabase,
  abilities: EngineAbilities,
): void {
  // An engine that cannot be given a size cap (the memory double) has no such case to pass: it
  // registers none rather than one reported as skipped (docs/testing.md: nothing skips).
  if (!abilities.maxBytes) return;
  describe(`store errors contract: ${name}`, () => {
    let db: ContractDatabase;
    beforeEach(async () => {
      db = await open({ maxBytes: SMALL_DATABASE_BYTES });
    });
    afterEach(() => db.dispose());

    it('maps a full database to store_full, keeps nothing of the write, and still reads', async () => {
      const { metrics, chat, status } = db.stores;
      const batch = (i: number) =>
        Array.from({ length: 500 }, (_, j) => ({
          series: `s${j % 50}`,
          value: j,
          ts: i * 1000 + j,
        }));
      let error: unknown;
      let stored = 0;
      for (let i = 0; i < 200 && error === undefined; i++) {
        try {
          stored = (await metrics.append(batch(i))).seq;
        } catch (caught) {
          error = caught;
        }
      }
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
      expect(await metrics.lastSeq()).toBe(stored);
      expect((await metrics.readAfter(stored - 1, 10)).map((r) => r.seq)).toEqual([stored]);

      const chatError = await rejectionOf(
        // Larger than what a refused batch of samples can leave free.
        chat.append({
          room: 'general',
          sender: 'name:ann',
          name: 'ann',
          text: 'x'.repeat(100_000),
        }),
      );
      expect(chatError).toBeInstanceOf(AppError);
      expect((chatError as AppError).message).toBe(
        "the server's storage is full; the message was not stored",
      );
      expect(await chat.recent('general', 10)).toEqual([]);
    });
  });
}
