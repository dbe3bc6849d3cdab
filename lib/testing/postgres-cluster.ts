/**
 * A throwaway PostgreSQL cluster for tests, started from Debian's binaries (the `postgresql`
 * package: /usr/lib/postgresql/<version>/bin): `initdb` in a temp folder, `pg_ctl start` on a
 * free port of 127.0.0.1 (and a socket in the folder), trust auth for the `postgres` user, no
 * fsync (a test database need not survive a crash of the machine; commits stay synchronous, so
 * one survives `pg_ctl stop -m immediate`, which the tests use as a crash of PostgreSQL). As root it runs as the `postgres` user
 * (PostgreSQL refuses root). `stop()` stops it and removes the folder; a process that exits
 * first stops it too. Every step is bounded by PG_CLUSTER_STEP_TIMEOUT_MS.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { missingProgramMessage, SYSTEM_DEPS } from '@/scripts/test-deps';

const run = promisify(execFile);

/** Where Debian installs PostgreSQL's programs, one folder per major version. */
export const PG_INSTALL_ROOT = '/usr/lib/postgresql';
/** Oldest major version the engine supports (issue 12: PostgreSQL 15 or newer). */
export const PG_MIN_MAJOR_VERSION = 15;
/** Longest one step (initdb, start, stop, one psql command) may take, in milliseconds. */
export const PG_CLUSTER_STEP_TIMEOUT_MS = 60_000;

/** A running throwaway cluster. */
export type PostgresCluster = {
  port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  urlOf(database: string): string;
  /** Runs SQL as the superuser on `database` (default `postgres`) with psql. */
  sql(statement: string, database?: string): Promise<string>;
  /** Stops the server, keeping its data: `fast` (clients told, 57P01) or `immediate` (a crash). */
  stopServer(mode: 'fast' | 'immediate'): Promise<void>;
  /** Starts the server again on the same port and data (after `stopServer`). */
  startServer(): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
};

/**
 * The bin folder of the newest installed PostgreSQL (at least PG_MIN_MAJOR_VERSION), or
 * undefined when none is installed.
 */
export function findPostgresBin(
  root = PG_INSTALL_ROOT,
  list: (dir: string) => string[] = (dir) => fs.readdirSync(dir),
  exists: (file: string) => boolean = fs.existsSync,
): string | undefined {
  let versions: number[] = [];
  try {
    versions = list(root)
      .map(Number)
      .filter((v) => Number.isInteger(v) && v >= PG_MIN_MAJOR_VERSION);
  } catch {
    return undefined;
  }
  const bins = versions
    .sort((a, b) => b - a)
    .map((v) => path.join(root, String(v), 'bin'))
    .filter((bin) => exists(path.join(bin, 'pg_ctl')));
  return bins[0];
}

/** Starts a throwaway cluster; throws with the install command when PostgreSQL is missing. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(missingProgramMessage(SYSTEM_DEPS.postgresql));
  }
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-pg-'));
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const tool = (name: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, name), ...args]]
      : [path.join(bin, name), args];
    return run(file, argv, { timeout: PG_CLUSTER_STEP_TIMEOUT_MS, cwd: dir });
  };
  const stopNow = () => {
    try {
      const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
      if (asRoot)
        execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), ...args], {
          stdio: 'ignore',
        });
      else execFileSync(path.join(bin, 'pg_ctl'), args, { stdio: 'ignore' });
    } catch {
      // Not running (any more).
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopNow);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  const logFile = path.join(dir, 'server.log');
  const startServer = async () => {
    await tool('pg_ctl', ['-D', data, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
  };
  try {
    await tool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await startServer();
  } catch (error) {
    const log = fs.existsSync(path.join(dir, 'server.log'))
      ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8')
      : '';
    stopNow();
    process.removeListener('exit', stopNow);
    throw new Error(`the throwaway PostgreSQL cluster did not start: ${String(error)}\n${log}`);
  }
  return {
    port,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async sql(statement, database = 'postgres') {
      const args = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database];
      const { stdout } = await run(
        path.join(bin, 'psql'),
        [...args, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', statement],
        { timeout: PG_CLUSTER_STEP_TIMEOUT_MS },
      );
      return stdout.trim();
    },
    async stopServer(mode) {
      await tool('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
    },
    startServer,
    async stop() {
      process.removeListener('exit', stopNow);
      try {
        await tool('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A TCP port of 127.0.0.1 that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
