import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { findProgram, missingProgramMessage, SYSTEM_DEPS } from '@/scripts/test-deps';
import { closeClients } from './cleanup';
import { REPO_ROOT, startTestServer, type TestServer } from './start-test-server';

/** The documented site configuration, run as shipped except for its two addresses. */
export const SITE_CONF = path.join(REPO_ROOT, 'deploy', 'nginx', 'pulseboard.conf');
/** Keep-alive period of the server under test, in milliseconds (production: 15 s). */
const KEEPALIVE_MS = 200;
/** Longest an event may take through nginx, in milliseconds (gzip in the way holds it back). */
export const PROMPT_MS = 1000;
/** Longest nginx may take to answer after it starts, in milliseconds. */
const NGINX_START_MS = 10_000;
/** nginx's temp folders, all put in the test's temp dir (the defaults need root). */
const TEMP_PATHS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];

export type Nginx = { url: string; wsUrl: string; site: string; stop(): Promise<void> };

/**
 * The suite's setup: the production server (keep-alive every KEEPALIVE_MS, one trusted proxy)
 * behind a real nginx running deploy/nginx/pulseboard.conf, started before all tests of the
 * file and stopped after them; clients are closed after each test.
 */
export function setupNginxProxy(): { through: () => Nginx; server: () => TestServer | undefined } {
  let server: TestServer | undefined;
  let proxy: Nginx | undefined;
  beforeAll(async () => {
    const binary = findNginx();
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      SSE_KEEPALIVE_INTERVAL_MS: String(KEEPALIVE_MS),
      // As deploy/nginx/pulseboard.conf says: one trusted hop, nginx.
      TRUST_PROXY: '1',
    });
    proxy = await startNginx(binary, SITE_CONF, [server.port]);
  });
  afterAll(async () => {
    await proxy?.stop();
    await server?.stop();
  });
  afterEach(closeClients);
  return { through: () => proxy as Nginx, server: () => server };
}

/** The nginx binary; fails the suite with the command that installs it when there is none. */
export function findNginx(): string {
  const found = findProgram('nginx');
  if (found) return found;
  throw new Error(missingProgramMessage(SYSTEM_DEPS.nginx));
}

/**
 * Runs nginx in the foreground with a config of its own in a temp dir (pid, logs, temp paths),
 * the site file `siteFile` included with its upstream servers pointed at `upstreamPorts` (one
 * per `server 127.0.0.1:<port>` line of its upstream, in order), on a free loopback port.
 */
export async function startNginx(
  binary: string,
  siteFile: string,
  upstreamPorts: readonly number[],
): Promise<Nginx> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pulseboard-nginx-'));
  let lastError: unknown;
  // A free port may be taken between the probe and nginx's bind: try another one.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const site = renderSite(await readFile(siteFile, 'utf8'), siteFile, upstreamPorts, port);
    await writeFile(path.join(dir, 'pulseboard.conf'), site);
    await writeFile(path.join(dir, 'nginx.conf'), mainConfig(dir));
    const child = spawn(binary, ['-e', 'stderr', '-p', dir, '-c', path.join(dir, 'nginx.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // If the test process dies first, nginx must not outlive it (TERM: the master stops its workers).
    const orphanGuard = () => child.kill('SIGTERM');
    process.once('exit', orphanGuard);
    child.once('exit', () => process.off('exit', orphanGuard));
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilAnswers(`${url}/api/health`, child, () => stderr);
    } catch (error) {
      lastError = error;
      await stopChild(child);
      if (/Address already in use/.test(stderr)) continue;
      break;
    }
    const stop = async () => {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    };
    return { url, wsUrl: `ws://127.0.0.1:${port}/ws/chat`, site, stop };
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

function mainConfig(dir: string): string {
  const temp = (name: string) => path.join(dir, name);
  return `# Written by tests/integration/helpers/nginx-proxy.ts
daemon off;
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${temp('nginx.pid')};
error_log stderr warn;
events { worker_connections 256; }
http {
  access_log off;
${TEMP_PATHS.map((name) => `  ${name}_temp_path ${temp(name)};`).join('\n')}
  # What an eager global config might hold: the site must turn it off for the stream itself.
  gzip on;
  gzip_min_length 1;
  gzip_types application/json text/event-stream;
  include ${temp('pulseboard.conf')};
}
`;
}

/**
 * The site file with its upstream servers on `upstreamPorts` (its `server 127.0.0.1:<port>`
 * lines, in order: as many as ports) and its listener on `listenPort`.
 */
function renderSite(
  site: string,
  siteFile: string,
  upstreamPorts: readonly number[],
  listenPort: number,
): string {
  const servers = /^(?<head>\s*server\s+)127\.0\.0\.1:\d+(?<tail>[ ;])/gm;
  const found = site.match(servers)?.length ?? 0;
  if (found !== upstreamPorts.length) {
    throw new Error(
      `${siteFile} has ${found} upstream server lines, the test runs ${upstreamPorts.length}: update the test.`,
    );
  }
  let n = 0;
  site = site.replace(servers, (_match, head: string, tail: string) => {
    return `${head}127.0.0.1:${upstreamPorts[n++]}${tail}`;
  });
  const listen = /^(?<head>\s*listen\s+)127\.0\.0\.1:8080;/m;
  if (!listen.test(site)) throw new Error(`${siteFile} no longer has ${listen}: update the test.`);
  return site.replace(listen, `$<head>127.0.0.1:${listenPort};`);
}

/** Polls `url` until it answers 200; fails early if nginx exits, with nginx's own words. */
async function waitUntilAnswers(url: string, child: ChildProcess, stderr: () => string) {
  const deadline = Date.now() + NGINX_START_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`nginx exited (${child.exitCode ?? child.signalCode}):\n${stderr()}`);
    }
    const status = await fetch(url).then(
      (r) => r.arrayBuffer().then(() => r.status),
      () => 0,
    );
    if (status === 200) return;
    await delay(50);
  }
  throw new Error(`nginx did not answer ${url} within ${NGINX_START_MS} ms:\n${stderr()}`);
}

/** SIGTERM (nginx's fast shutdown: it drops open streams), then SIGKILL after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killer);
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}
