import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root: the server's working directory (it finds `.next/` and `drizzle/`). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Longest a server may take to log `listening`, in milliseconds. */
export const LISTEN_TIMEOUT_MS = 30_000;
/** Longest a server may take to exit after SIGTERM before it is killed, in milliseconds. */
export const STOP_TIMEOUT_MS = 15_000;
/**
 * What runs: the bundle `npm start` runs (`dist/server.mjs`, built by `npm run build`), or
 * with PULSEBOARD_IT_SERVER=source, `server.ts` through tsx (no bundling step needed).
 */
export const SERVER_ENTRY = process.env.PULSEBOARD_IT_SERVER === 'source' ? 'source' : 'dist';
/** The bundled server, relative to REPO_ROOT. */
export const DIST_SERVER = 'dist/server.mjs';
/** Lines of server output kept for failure messages. */
const OUTPUT_MAX_LINES = 400;

export type ExitInfo = {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From the signal sent by `stop()` to the exit, in milliseconds. */
  durationMs: number;
};

export type TestServer = {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `ws://127.0.0.1:<port>/ws/chat` */
  wsUrl: string;
  port: number;
  databasePath: string;
  child: ChildProcess;
  /** The env the server was started with (what `restart()` reuses). */
  env: TestEnv;
  /** The server's stdout and stderr so far (the last lines). */
  output(): string;
  /** Sends `signal` (SIGTERM), waits for the exit, and removes the temp dir unless `keepDb`. */
  stop(options?: { keepDb?: boolean; signal?: NodeJS.Signals }): Promise<ExitInfo>;
  /** Stops this server keeping its database, and starts a new one on the same file. */
  restart(env?: TestEnv): Promise<TestServer>;
};

/** Variables for the server on top of the test defaults; `undefined` removes one. */
export type TestEnv = Record<string, string | undefined>;

export type StartOptions = {
  /** Use this database file (a server restarted on the same data) instead of a fresh one. */
  databasePath?: string;
  /** Extra arguments for node before the entry, e.g. `['--expose-gc']` (kept by `restart()`). */
  nodeArgs?: readonly string[];
};

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts the real server in production mode (see SERVER_ENTRY) on port 0 with a temporary
 * database, and resolves once it logs `listening`.
 */
export async function startTestServer(
  env: TestEnv = {},
  options: StartOptions = {},
): Promise<TestServer> {
  const ownedDir = options.databasePath
    ? undefined
    : await mkdtemp(path.join(tmpdir(), 'pulseboard-it-'));
  const databasePath = options.databasePath ?? path.join(ownedDir as string, 'db.sqlite');
  try {
    return await launch(env, databasePath, ownedDir, options.nodeArgs ?? []);
  } catch (error) {
    if (ownedDir) await rm(ownedDir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(
  env: TestEnv,
  databasePath: string,
  ownedDir: string | undefined,
  nodeArgs: readonly string[],
): Promise<TestServer> {
  const merged: TestEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'info',
    ...env,
  };
  const child = spawn(process.execPath, [...nodeArgs, ...serverArgs()], {
    cwd: REPO_ROOT,
    env: Object.fromEntries(
      Object.entries(merged).filter(([, v]) => v !== undefined),
    ) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const lines: string[] = [];
  const output = () => lines.join('\n');
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > OUTPUT_MAX_LINES) lines.shift();
  };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `The server did not log "listening" within ${LISTEN_TIMEOUT_MS} ms.\n${output()}`,
        ),
      );
    }, LISTEN_TIMEOUT_MS);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      keep(line);
      const listening = parseListening(line);
      if (listening) {
        clearTimeout(timer);
        resolve(listening);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `The server exited (code ${code}, signal ${signal}) before listening.\n${output()}`,
        ),
      );
    });
  });
  const port = Number(new URL(url).port);

  const stop = async (options: { keepDb?: boolean; signal?: NodeJS.Signals } = {}) => {
    const startedAt = performance.now();
    if (child.exitCode === null && child.signalCode === null)
      child.kill(options.signal ?? 'SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const result = await exited;
    clearTimeout(killer);
    const durationMs = performance.now() - startedAt;
    if (ownedDir && !options.keepDb) await rm(ownedDir, { recursive: true, force: true });
    return { ...result, durationMs };
  };

  const server: TestServer = {
    url,
    wsUrl: `ws://${new URL(url).host}/ws/chat`,
    port,
    databasePath,
    child,
    env,
    output,
    stop,
    async restart(nextEnv = env) {
      await stop({ keepDb: true });
      try {
        return await launch(nextEnv, databasePath, ownedDir, nodeArgs);
      } catch (error) {
        if (ownedDir) await rm(ownedDir, { recursive: true, force: true });
        throw error;
      }
    },
  };
  return server;
}

function serverArgs(): string[] {
  return SERVER_ENTRY === 'source' ? ['--import', 'tsx', 'server.ts'] : [DIST_SERVER];
}

function parseListening(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
    return entry.msg === 'listening' && typeof entry.url === 'string' ? entry.url : undefined;
  } catch {
    return undefined;
  }
}
