import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchCommits } from './helpers/sqlite-file';
import {
  DIST_SERVER,
  REPO_ROOT,
  startTestServer,
  type TestServer,
} from './helpers/start-test-server';
import { lastStoredIds, withStores } from './helpers/stores';

/** How long a second server may take to give up on a port in use (issue 10, A3), in ms. */
const PORT_IN_USE_EXIT_MS = 5000;

let first: TestServer;
beforeAll(async () => {
  // The first server's collector is off: nothing may write to the file but the second server.
  first = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => first?.stop());

describe('a second server on a port already in use', () => {
  it('logs why and exits non-zero within 5 s, having written nothing to the shared database', async () => {
    const before = await lastStoredIds(first.databasePath);
    const seriesBefore = await withStores(first.databasePath, (s) => s.metrics.listSeries());
    // SQLite's own witness: did any other connection commit while the second server ran?
    const commits = watchCommits(first.databasePath);

    const second = spawn(process.execPath, [DIST_SERVER], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        HOST: '127.0.0.1',
        PORT: String(first.port),
        DATABASE_PATH: first.databasePath,
        // Its collector on, as fast as allowed: any sample it wrote would show.
        COLLECTOR_ENABLED: '1',
        SAMPLE_INTERVAL_MS: '100',
        RETENTION_SWEEP_INTERVAL_MS: '100',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    second.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    second.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const startedAt = performance.now();
    const [code] = (await once(second, 'exit', {
      signal: AbortSignal.timeout(PORT_IN_USE_EXIT_MS),
    }).catch((error: unknown) => {
      second.kill('SIGKILL');
      throw new Error(`still running after ${PORT_IN_USE_EXIT_MS} ms:\n${output}`, {
        cause: error,
      });
    })) as [number | null];

    expect(code).toBe(1);
    expect(performance.now() - startedAt).toBeLessThan(PORT_IN_USE_EXIT_MS);
    const lines = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; code?: string; port?: number });
    expect(lines.find((l) => l.msg === 'cannot listen')).toMatchObject({
      code: 'EADDRINUSE',
      port: first.port,
    });
    expect(lines.some((l) => l.msg === 'listening')).toBe(false);
    expect(await lastStoredIds(first.databasePath)).toEqual(before);
    expect(await withStores(first.databasePath, (s) => s.metrics.listSeries())).toEqual(
      seriesBefore,
    );
    expect(commits.committed()).toBe(false);
    commits.close();
    // The first server is unaffected.
    const health = await fetch(`${first.url}/api/health`);
    expect(health.status).toBe(200);
  });
});
