import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { removeTempDir, trackChild, trackTempDir } from './child-registry';
import { sleep, wallNow, withTimeout } from './clock';

/** The project root (server.ts and .next live there). */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
/** Loopback address every server listens on. */
export const SERVER_HOST = '127.0.0.1';
/** Longest wait for a server to answer its health check after start, in milliseconds. */
export const SERVER_START_TIMEOUT_MS = 60_000;
/** Time between two health checks while a server starts, in milliseconds. */
export const HEALTH_POLL_INTERVAL_MS = 100;
/** Longest wait for a server to exit after SIGTERM before SIGKILL, in milliseconds. */
export const SERVER_STOP_TIMEOUT_MS = 8000;
/** Log lines of a server kept for the report when something goes wrong. */
export const LOG_TAIL_LINES = 30;

/** How to start one server: node's arguments and the env. */
export type ServerSpec = {
  label: string;
  /** Arguments of `node` (flags and the entry script, relative to the project root). */
  args: string[];
  env: Record<string, string>;
  /** Give the child an IPC channel (the baselines exit when it closes). */
  ipc: boolean;
};

/** A started server: where it listens, its pid, what it logged, and how to stop it. */
export type RunningServer = {
  label: string;
  url: string;
  pid: number;
  /** Its SQLite file (a temp folder's, removed by `stop`). */
  databasePath: string;
  /** Warning and error lines it logged (stderr), with how often each message came. */
  warnings: Map<string, number>;
  logTail: string[];
  stop(): Promise<void>;
};

/**
 * Starts `spec` on a free loopback port with its own temp SQLite database, and resolves once
 * `GET /api/health` answers 200. The child is killed if the bench exits.
 */
export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pulseboard-bench-'));
  trackTempDir(dir);
  const port = await findFreePort();
  const url = `http://${SERVER_HOST}:${port}`;
  const databasePath = path.join(dir, 'bench.db');
  const child = spawn(process.execPath, spec.args, {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      ...spec.env,
      PORT: String(port),
      HOST: SERVER_HOST,
      DATABASE_PATH: databasePath,
    },
    stdio: spec.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: RunningServer = {
    label: spec.label,
    url,
    pid: child.pid ?? -1,
    databasePath,
    warnings: new Map(),
    logTail: [],
    stop: async () => {
      await stopChild(child, exited);
      removeTempDir(dir);
    },
  };
  collectLogs(child, server);
  try {
    await waitHealthy(url, child, exited);
  } catch (error) {
    await server.stop();
    const tail = server.logTail.slice(-10).join('\n');
    throw new Error(`${spec.label} did not start: ${(error as Error).message}\n${tail}`);
  }
  return server;
}

/** A free TCP port on the loopback address (bound and released at once). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, SERVER_HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** GETs `url` and resolves with the status and body (rejects after `timeoutMs`). */
export function httpGet(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

async function waitHealthy(url: string, child: ChildProcess, exited: Promise<void>): Promise<void> {
  const deadline = wallNow() + SERVER_START_TIMEOUT_MS;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (wallNow() < deadline) {
    if (gone) throw new Error(`it exited with ${child.exitCode ?? child.signalCode}`);
    try {
      const { status } = await httpGet(`${url}/api/health`, HEALTH_POLL_INTERVAL_MS * 20);
      if (status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(HEALTH_POLL_INTERVAL_MS);
  }
  throw new Error(`no healthy answer within ${SERVER_START_TIMEOUT_MS} ms`);
}

function collectLogs(child: ChildProcess, server: RunningServer): void {
  const keep = (line: string) => {
    server.logTail.push(line);
    if (server.logTail.length > LOG_TAIL_LINES) server.logTail.shift();
  };
  if (child.stdout) createInterface({ input: child.stdout }).on('line', keep);
  if (child.stderr) {
    createInterface({ input: child.stderr }).on('line', (line) => {
      keep(line);
      const msg = messageOf(line);
      server.warnings.set(msg, (server.warnings.get(msg) ?? 0) + 1);
    });
  }
}

function messageOf(line: string): string {
  try {
    const parsed = JSON.parse(line) as { level?: string; msg?: string; err?: string };
    return [parsed.level, parsed.msg, parsed.err].filter(Boolean).join(': ');
  } catch {
    return line.slice(0, 200);
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  try {
    await withTimeout(exited, SERVER_STOP_TIMEOUT_MS, 'server exit');
  } catch {
    child.kill('SIGKILL');
    await withTimeout(exited, SERVER_STOP_TIMEOUT_MS, 'server exit after SIGKILL');
  }
}
