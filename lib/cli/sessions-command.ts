import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SESSION_REVOCATION_MAX_LAG_DEFAULT_MS } from '../auth/auth-env';
import { parseEnv } from '../env';
import type { SessionStore } from '../store/session-store';
import { CliError, EXIT_FAILURE, usageError } from './cli-error';

/** `pulseboard sessions --help`. */
export const SESSIONS_USAGE = `Usage: pulseboard sessions end-all

Ends every login session of a Pulseboard deployment (access control on): every
signed-in browser goes back to the login page, its open streams get
"session-expired" and its chat sockets close with 4401. Signing in works again
at once; sessions started after this command are not touched.

It writes the revocation into the server's database, so run it where the
database is, as the service user, with the server's settings:

  sudo -u pulseboard env DATABASE_PATH=/var/lib/pulseboard/pulseboard.db \\
    node bin/pulseboard.mjs sessions end-all

A running server notices within SESSION_REVOCATION_MAX_LAG_MS (default ${SESSION_REVOCATION_MAX_LAG_DEFAULT_MS} ms);
one started later never accepts those sessions.

Environment:
  DATABASE_PATH   the server's SQLite file (required to exist)

Prints "ended N sessions". Exit codes: 0 done, 1 the database could not be
opened or written, 2 bad arguments.`;

/** Opens the session store of `env`'s database, and how to close it. */
export type OpenSessionStore = (
  env: Record<string, string | undefined>,
) => Promise<{ sessions: SessionStore; close(): Promise<void> }>;

/**
 * Runs `pulseboard sessions <args>`: `end-all` revokes every live session in the store (the
 * servers' revocation polls end them). Resolves with the line to print; throws a CliError.
 */
export async function runSessionsCommand(
  args: readonly string[],
  env: Record<string, string | undefined>,
  open: OpenSessionStore = openServerStores,
): Promise<string> {
  const [action, ...extra] = args;
  if (action === undefined || action === '-h' || action === '--help') return SESSIONS_USAGE;
  if (action !== 'end-all') throw usageError(`unknown sessions command "${action}"`);
  if (extra.length > 0) throw usageError(`end-all takes no arguments (got "${extra[0]}")`);
  let stores: Awaited<ReturnType<OpenSessionStore>>;
  try {
    stores = await open(env);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(error instanceof Error ? error.message : String(error), EXIT_FAILURE);
  }
  try {
    const ended = await stores.sessions.revokeAll();
    return `ended ${ended} session${ended === 1 ? '' : 's'}`;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`the sessions were not ended: ${reason}`, EXIT_FAILURE);
  } finally {
    await stores.close();
  }
}

/** The code's folder: the server finds its migrations (`drizzle/`) there, and so must we. */
const CODE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The stores of the server's database (`openStores`, whatever the engine). The SQLite file
 * must exist: a mistyped DATABASE_PATH would otherwise create an empty database and report
 * "ended 0 sessions" while every session stays valid. The command may run from any folder: a
 * relative DATABASE_PATH is the caller's, then the process moves to the code's folder, whose
 * `drizzle/` the store checks the database against.
 */
async function openServerStores(env: Record<string, string | undefined>) {
  const parsed = parseEnv(env);
  const file = path.resolve(parsed.DATABASE_PATH);
  if (!fs.existsSync(file)) {
    throw new CliError(
      `no database at ${parsed.DATABASE_PATH}: set DATABASE_PATH to the server's database file`,
      EXIT_FAILURE,
    );
  }
  process.chdir(CODE_ROOT);
  // Imported only now: the engine fixes its migrations folder from the working directory.
  const { openStores } = await import('../store/open-stores');
  return openStores({ ...parsed, DATABASE_PATH: file });
}
