/**
 * The advisory lock keys of the PostgreSQL engine (one bigint each, in one namespace so they
 * meet no other application's keys). Every one is transaction-level (`pg_advisory_xact_lock`,
 * `pg_try_advisory_xact_lock`): released by COMMIT or ROLLBACK, never held by an idle session.
 */
export const ADVISORY_LOCK = {
  /** Taken by every transaction that assigns sample seqs or records a series deletion. */
  samples: 0x5075_6c73_0001,
  /** Taken by every chat insert: ids follow commit order. */
  chat: 0x5075_6c73_0002,
  /** Tried by each retention batch: one instance deletes at a time; the others skip. */
  retention: 0x5075_6c73_0003,
  /** Held while migrations are applied: N instances starting at once migrate one at a time. */
  migrations: 0x5075_6c73_0004,
} as const;

/**
 * The first key of the two-key advisory lock a chat name claim takes, the second being the
 * name's `hashtext` (`pg_advisory_xact_lock(int4, int4)`, a key space apart from the bigint
 * keys above): two instances never both take one free name, claims of other names never wait.
 */
export const ADVISORY_LOCK_NAMES_CLASS = 0x5075_6c73;
