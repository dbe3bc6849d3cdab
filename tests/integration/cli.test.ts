import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startTestServer, type TestServer } from './helpers/start-test-server';
import { lastStoredSeq, withStores } from './helpers/stores';

const TOKEN = 'cli-s3cret';
const CLI = path.join(REPO_ROOT, 'bin', 'pulseboard.mjs');
/** Longest one CLI run may take (tsx compiles on its first run), in milliseconds. */
const CLI_TIMEOUT_MS = 15_000;

type CliRun = { code: number | null; stdout: string; stderr: string };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0', INGEST_TOKEN: TOKEN });
});
afterAll(() => server?.stop());

/**
 * Runs `node bin/pulseboard.mjs <args>` from a folder outside the repository (the bin must
 * work from anywhere), with only `env` on top of PATH and HOME: no INGEST_TOKEN leaks in.
 */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const childEnv: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...env,
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd: tmpdir(),
        env: childEnv as NodeJS.ProcessEnv,
        timeout: CLI_TIMEOUT_MS,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The stored sample with this seq, as `{series, value, ts, unit}`. */
function storedSample(seq: number) {
  return withStores(server.databasePath, async (stores) => {
    const [row] = await stores.metrics.readAfter(seq - 1, 1);
    return row?.seq === seq
      ? { series: row.series, value: row.value, ts: row.ts, unit: row.unit }
      : undefined;
  });
}

describe('pulseboard push', () => {
  it('stores the sample and prints "accepted 1 (seq N)"', async () => {
    const before = await lastStoredSeq(server.databasePath);
    // A minute ago: inside the window the server accepts (INGEST_MAX_FUTURE_MS, raw retention).
    const ts = Date.now() - 60_000;

    const run = await cli(
      ['push', 'cli.jobs', '-17.5', '--unit', 'jobs', '--ts', String(ts), '--url', server.url],
      { INGEST_TOKEN: TOKEN },
    );

    expect(run).toEqual({ code: 0, stdout: `accepted 1 (seq ${before + 1})\n`, stderr: '' });
    expect(await storedSample(before + 1)).toEqual({
      series: 'cli.jobs',
      value: -17.5,
      ts,
      unit: 'jobs',
    });
  });

  it("prints the server's bad_timestamp for a --ts older than its raw retention, exits 1, stores nothing", async () => {
    const before = await lastStoredSeq(server.databasePath);
    const ts = Date.now() - 49 * 3_600_000;

    const run = await cli(['push', 'cli.old', '1', '--ts', String(ts), '--url', server.url], {
      INGEST_TOKEN: TOKEN,
    });

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^error 400 bad_timestamp: body\.samples\[0\]\.ts: \d+ is \d+ ms behind the server clock .*\[RETENTION_RAW_HOURS\]\n$/,
    );
    expect(await lastStoredSeq(server.databasePath)).toBe(before);
  });

  it('finds the server through PULSEBOARD_URL', async () => {
    const before = await lastStoredSeq(server.databasePath);

    const run = await cli(['push', 'cli.env', '1'], {
      PULSEBOARD_URL: server.url,
      INGEST_TOKEN: TOKEN,
    });

    expect(run).toEqual({ code: 0, stdout: `accepted 1 (seq ${before + 1})\n`, stderr: '' });
  });

  it.each([
    [{}, 'error 401 unauthorized: missing Authorization: Bearer token\n'],
    [{ INGEST_TOKEN: 'wrong' }, 'error 401 unauthorized: invalid bearer token\n'],
  ])(
    'prints the 401 of a server with a token to a run with %j, exits 1, stores nothing',
    async (env, stderr) => {
      const before = await lastStoredSeq(server.databasePath);

      const run = await cli(['push', 'cli.auth', '1', '--url', server.url], env);

      expect(run).toEqual({ code: 1, stdout: '', stderr });
      expect(await lastStoredSeq(server.databasePath)).toBe(before);
    },
  );

  it.each([
    [['push', 'bad name', '1'], 'series "bad name" is invalid'],
    [['push', 'cli.bad', 'abc'], 'value "abc" is not a finite number'],
    [['push', 'cli.bad'], 'missing <value>'],
    [['push', 'cli.bad', '1', '--bogus'], 'unknown option --bogus'],
    [['push', 'cli.bad', '1', '--ts', 'soon'], '--ts must be whole milliseconds'],
    [
      ['push', 'cli.bad', '1', '--ts', String(Date.now() * 1000)],
      'looks like microseconds (date +%s%6N); send milliseconds',
    ],
    [['pull', 'cli.bad', '1'], 'unknown command "pull"'],
  ])('refuses %j with exit code 2 and stores nothing', async (args, message) => {
    const before = await lastStoredSeq(server.databasePath);

    const run = await cli([...args, '--url', server.url], { INGEST_TOKEN: TOKEN });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Run "pulseboard --help" for usage.');
    expect(await lastStoredSeq(server.databasePath)).toBe(before);
  });

  it('says clearly that nothing listens when the server is down', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;

    const run = await cli(['push', 'cli.down', '1', '--url', url]);

    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `cannot reach ${url}: is Pulseboard running? (connection refused)\n`,
    });
  });

  it('prints its usage on --help and exits 0', async () => {
    const run = await cli(['--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: pulseboard push <series> <value>/);
  });
});

describe('pulseboard delete', () => {
  it('deletes the series with its samples and prints "deleted <series> (N samples)"; a second time is the server\'s 404, exit 1', async () => {
    const ts = Date.now() - 60_000;
    await cli(['push', 'cli.gone', '1', '--ts', String(ts), '--url', server.url], {
      INGEST_TOKEN: TOKEN,
    });
    await cli(['push', 'cli.gone', '2', '--ts', String(ts + 1), '--url', server.url], {
      INGEST_TOKEN: TOKEN,
    });

    const run = await cli(['delete', 'cli.gone', '--url', server.url]);

    expect(run).toEqual({ code: 0, stdout: 'deleted cli.gone (2 samples)\n', stderr: '' });
    expect(
      await withStores(
        server.databasePath,
        async (s) => (await s.metrics.searchSeries('cli.gone', 1)).total,
      ),
    ).toBe(0);
    expect(await cli(['delete', 'cli.gone', '--url', server.url])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error 404 not_found: there is no series named cli.gone\n',
    });
  });

  it('refuses a bad name with exit code 2 and sends nothing', async () => {
    const run = await cli(['delete', 'no spaces', '--url', server.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('series "no spaces" is invalid');
  });
});

/** A loopback port that nothing listens on (one the OS just handed out and took back). */
async function closedPort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}
