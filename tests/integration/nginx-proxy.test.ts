import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findProgram, missingProgramMessage, SYSTEM_DEPS } from '@/scripts/test-deps';
import { openChat, refusedUpgrade } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { pushSamples } from './helpers/http-api';
import { openSse } from './helpers/sse-client';
import { REPO_ROOT, startTestServer, type TestServer } from './helpers/start-test-server';

/** The documented site configuration, run as shipped except for its two addresses. */
const SITE_CONF = path.join(REPO_ROOT, 'deploy', 'nginx', 'pulseboard.conf');
/** Keep-alive period of the server under test, in milliseconds (production: 15 s). */
const KEEPALIVE_MS = 200;
/** Longest an event may take through nginx, in milliseconds (gzip in the way holds it back). */
const PROMPT_MS = 1000;
/** Longest nginx may take to answer after it starts, in milliseconds. */
const NGINX_START_MS = 10_000;
/** nginx's temp folders, all put in the test's temp dir (the defaults need root). */
const TEMP_PATHS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];

type Nginx = { url: string; wsUrl: string; site: string; stop(): Promise<void> };

let server: TestServer | undefined;
let proxy: Nginx | undefined;
beforeAll(async () => {
  const binary = findNginx();
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    SSE_KEEPALIVE_INTERVAL_MS: String(KEEPALIVE_MS),
  });
  proxy = await startNginx(binary, server.port);
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});
afterEach(closeClients);

const through = () => proxy as Nginx;

describe('Pulseboard behind nginx (deploy/nginx/pulseboard.conf)', () => {
  it('streams the snapshot, then a sample pushed through nginx within 1 s, uncompressed', async () => {
    const stream = await openSse(`${through().url}/api/stream?series=nginx.latency`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    await stream.nextEvent('snapshot', PROMPT_MS);

    const sentAt = Date.now();
    const result = await pushSamples(through().url, [{ series: 'nginx.latency', value: 42 }]);
    const event = await stream.nextEvent('samples', PROMPT_MS);

    const latencyMs = event.item.receivedAt - sentAt;
    expect(event.data.samples).toEqual([
      { series: 'nginx.latency', value: 42, ts: expect.any(Number) },
    ]);
    expect(event.id).toBe(String(result.seq));
    expect(latencyMs, `the samples event came ${latencyMs} ms after the POST`).toBeLessThan(
      PROMPT_MS,
    );
    expect({
      status: stream.status,
      type: stream.headers.get('content-type'),
      cacheControl: stream.headers.get('cache-control'),
      encoding: stream.headers.get('content-encoding'),
    }).toEqual({
      status: 200,
      type: 'text/event-stream',
      cacheControl: 'no-cache, no-transform',
      encoding: null,
    });
  });

  it('gzips JSON through the same nginx (so the stream is uncompressed by the site, not by chance)', async () => {
    const response = await fetch(`${through().url}/api/health`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    await response.arrayBuffer();

    expect(response.headers.get('content-encoding')).toBe('gzip');
  });

  it('keeps a stream open past its keep-alives: the comments arrive through nginx', async () => {
    const stream = await openSse(`${through().url}/api/stream`);
    await stream.nextEvent('snapshot');

    const comments = [];
    for (let i = 0; i < 5; i++)
      comments.push(await stream.next((item) => item.comment !== undefined));

    expect(comments.map((c) => c.raw)).toEqual(Array(5).fill(': keep-alive\n\n'));
    expect(stream.log.ended).toBe(false);
  });

  it('relays chat through nginx: the other client receives the message, the sender its ack', async () => {
    const origin = through().url; // as a browser on the proxied page sends it
    const ada = await openChat(through().wsUrl, { name: 'ada' }, { origin });
    const bob = await openChat(through().wsUrl, { name: 'bob' }, { origin });

    ada.send({ type: 'message', text: 'hello through nginx', clientMsgId: 'nginx-1' });
    const ack = await ada.next('ack');
    const atBob = await bob.next('message');

    expect(ack).toMatchObject({ type: 'ack', clientMsgId: 'nginx-1' });
    expect(atBob).toEqual({
      type: 'message',
      id: ack.id,
      name: ada.welcome.name,
      text: 'hello through nginx',
      ts: ack.ts,
      clientMsgId: 'nginx-1',
    });
  });

  it('passes the chat origin check through: a foreign Origin still gets 403', async () => {
    const refused = await refusedUpgrade(`${through().wsUrl}?name=eve`, {
      origin: 'http://evil.example',
    });

    expect(refused.status).toBe(403);
  });

  it('configures the stream unbuffered, uncached and uncompressed, and timeouts well past the keep-alive (15 s) and the heartbeat (30 s)', () => {
    const stream = locationBlock(through().site, '= /api/stream');
    const chat = locationBlock(through().site, '= /ws/chat');
    const timeoutsMs = (block: Record<string, string>) =>
      [block.proxy_read_timeout, block.proxy_send_timeout].map((t) => durationMs(t ?? '60s'));

    expect(stream).toMatchObject({ proxy_buffering: 'off', proxy_cache: 'off', gzip: 'off' });
    expect(chat).toMatchObject({ upgrade: '$http_upgrade' });
    expect(Math.min(...timeoutsMs(stream))).toBeGreaterThan(2 * 15_000);
    expect(Math.min(...timeoutsMs(chat))).toBeGreaterThan(2 * 30_000);
  });
});

/** The nginx binary; fails the suite with the command that installs it when there is none. */
function findNginx(): string {
  const found = findProgram('nginx');
  if (found) return found;
  throw new Error(missingProgramMessage(SYSTEM_DEPS.nginx));
}

/**
 * Runs nginx in the foreground with a config of its own in a temp dir (pid, logs, temp paths),
 * the site file included with its upstream pointed at `upstreamPort`, on a free loopback port.
 */
async function startNginx(binary: string, upstreamPort: number): Promise<Nginx> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pulseboard-nginx-'));
  let lastError: unknown;
  // A free port may be taken between the probe and nginx's bind: try another one.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const site = renderSite(await readFile(SITE_CONF, 'utf8'), upstreamPort, port);
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
  return `# Written by tests/integration/nginx-proxy.test.ts
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

/** The site file with its upstream on `upstreamPort` and its listener on `listenPort`. */
function renderSite(site: string, upstreamPort: number, listenPort: number): string {
  const edits: [RegExp, string][] = [
    [/^(?<head>\s*server\s+)127\.0\.0\.1:3000;/m, `$<head>127.0.0.1:${upstreamPort};`],
    [/^(?<head>\s*listen\s+)127\.0\.0\.1:8080;/m, `$<head>127.0.0.1:${listenPort};`],
  ];
  for (const [pattern, replacement] of edits) {
    if (!pattern.test(site))
      throw new Error(`${SITE_CONF} no longer has ${pattern}: update the test.`);
    site = site.replace(pattern, replacement);
  }
  return site;
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

/** The directives of `location <match> { ... }` (no nested blocks), names lower-cased. */
function locationBlock(site: string, match: string): Record<string, string> {
  const text = site.replace(/#.*$/gm, '');
  const start = text.indexOf(`location ${match} {`);
  if (start < 0) throw new Error(`no "location ${match}" in ${SITE_CONF}`);
  const body = text.slice(text.indexOf('{', start) + 1, text.indexOf('}', start));
  const directives: Record<string, string> = {};
  for (const [, name, value] of body.matchAll(/^\s*(\w+)\s+([^;]+);/gm)) {
    if (name === 'proxy_set_header') {
      const [header, ...rest] = (value as string).split(/\s+/);
      directives[(header as string).toLowerCase()] = rest.join(' ');
    } else directives[name as string] = (value as string).trim();
  }
  return directives;
}

/** An nginx time ("1h", "75s", "500ms", "60"), in milliseconds. */
function durationMs(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!match) throw new Error(`unreadable nginx time "${value}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 's'] ?? 1000;
  return Number(match[1]) * unit;
}
