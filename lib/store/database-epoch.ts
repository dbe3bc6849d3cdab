/**
 * The database epoch: a random id each database gets when it is created (its migration inserts
 * it: `drizzle/0011_database_epoch_row.sql`, `drizzle-pg/0006_database_epoch_row.sql`) and each
 * backup copy gets anew (`npm run db:backup`). A stream cursor (a seq) means something only in
 * its epoch; see lib/stream/stream-resume.ts.
 */

/** Length of an epoch, in hex digits (8 random bytes). */
export const DATABASE_EPOCH_HEX_CHARS = 16;
/** What an epoch looks like: DATABASE_EPOCH_HEX_CHARS lowercase hex digits. */
export const DATABASE_EPOCH_PATTERN = new RegExp(`^[0-9a-f]{${DATABASE_EPOCH_HEX_CHARS}}$`);

/** The epoch an engine read, or a clear error when the row is missing (migrations not run). */
export function epochOrThrow(epoch: string | undefined): string {
  if (epoch === undefined) {
    throw new Error('database_epoch has no row: the migrations did not run');
  }
  return epoch;
}
