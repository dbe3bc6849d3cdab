import { sleep, wallNow } from './clock';
import { COMMAND_TIMEOUT_MS, SETTLE_MS } from './config';
import { InspectorClient, inspectorUrlIn } from './inspector-client';
import { LoadFleet } from './load-process';
import { type ChatFleet, openChatSockets, openStreams, type SseFleet } from './open-connections';
import { readProc } from './proc-stats';
import { type RunningServer, type ServerSpec, startServer } from './server-process';
import { warmUpChat, warmUpStream } from './warm-up';

/** Pause after opening, longer than Pulseboard's 1 s presence coalescing, in milliseconds. */
export const MEMORY_SETTLE_MS = 2500;
/** Longest wait for the inspector URL in a server's log, in milliseconds. */
export const INSPECTOR_URL_TIMEOUT_MS = 10_000;

export type Kind = 'chat' | 'sse';

/** What V8 and Node report of a process's memory at one moment, in KiB. */
export type V8Reading = {
  rssKiB: number;
  heapUsedKiB: number;
  heapTotalKiB: number;
  externalKiB: number;
  arrayBuffersKiB: number;
  /** Committed physical memory of each V8 heap space (`new_space`, `old_space`, …). */
  spacesKiB: Record<string, number>;
};

/**
 * One server started with `--inspect=127.0.0.1:0`, warmed up, with an inspector session and a
 * load fleet for `kind`: the common part of both memory passes.
 */
export class MemorySession {
  readonly kind: Kind;
  readonly server: RunningServer;
  readonly inspector: InspectorClient;
  readonly #fleet: ChatFleet | SseFleet;

  private constructor(kind: Kind, server: RunningServer, inspector: InspectorClient) {
    this.kind = kind;
    this.server = server;
    this.inspector = inspector;
    this.#fleet =
      kind === 'chat'
        ? (new LoadFleet('bench/chat-load.ts', 2) as ChatFleet)
        : (new LoadFleet('bench/sse-load.ts', 2) as SseFleet);
  }

  /** Starts `spec` under the inspector and connects to it. */
  static async start(kind: Kind, spec: ServerSpec): Promise<MemorySession> {
    const server = await startServer({ ...spec, args: ['--inspect=127.0.0.1:0', ...spec.args] });
    try {
      const inspector = await InspectorClient.connect(await inspectorUrl(server));
      return new MemorySession(kind, server, inspector);
    } catch (error) {
      await server.stop();
      throw error;
    }
  }

  get wsUrl(): string {
    return `${this.server.url.replace(/^http/, 'ws')}/ws/chat`;
  }

  /** One connection opened and closed (Next loads code on first use), then a pause. */
  async warmUp(): Promise<void> {
    if (this.kind === 'chat') await warmUpChat(this.wsUrl);
    else await warmUpStream(this.server.url);
    await sleep(SETTLE_MS);
  }

  /** Opens `count` connections, waits MEMORY_SETTLE_MS, and returns how many opened. */
  async open(count: number): Promise<number> {
    const replies =
      this.kind === 'chat'
        ? await openChatSockets(this.wsUrl, this.#fleet as ChatFleet, count)
        : await openStreams(this.server.url, this.#fleet as SseFleet, count);
    await sleep(MEMORY_SETTLE_MS);
    return replies.reduce((a, r) => a + r.opened, 0);
  }

  /** RSS, then V8's and Node's figures, with no garbage collection forced. */
  async read(): Promise<V8Reading> {
    const rssKiB = readProc(this.server.pid).rssKiB;
    const reading = await this.inspector.evaluate<{
      usage: NodeJS.MemoryUsage;
      spaces: [string, number][];
    }>(
      "({ usage: process.memoryUsage(), spaces: require('v8').getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size]) })",
    );
    return {
      rssKiB,
      heapUsedKiB: reading.usage.heapUsed / 1024,
      heapTotalKiB: reading.usage.heapTotal / 1024,
      externalKiB: reading.usage.external / 1024,
      arrayBuffersKiB: reading.usage.arrayBuffers / 1024,
      spacesKiB: Object.fromEntries(reading.spaces.map(([name, bytes]) => [name, bytes / 1024])),
    };
  }

  /** Script id → URL of every script loaded so far (closure locations name scripts by id). */
  async scriptNames(): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    this.inspector.on('Debugger.scriptParsed', (params) => {
      const { scriptId, url } = params as { scriptId: string; url: string };
      names.set(Number(scriptId), url);
    });
    await this.inspector.call('Debugger.enable');
    await this.inspector.call('Debugger.disable');
    return names;
  }

  /** Closes the connections, the inspector session and the server. */
  async stop(): Promise<void> {
    this.inspector.close();
    const fleet = this.#fleet as SseFleet;
    await fleet.all(() => ({ type: 'close' }), COMMAND_TIMEOUT_MS, 'close').catch(() => {});
    await fleet.stop();
    await this.server.stop();
  }
}

async function inspectorUrl(server: RunningServer): Promise<string> {
  const deadline = wallNow() + INSPECTOR_URL_TIMEOUT_MS;
  for (;;) {
    const url = inspectorUrlIn(server.logTail);
    if (url) return url;
    if (wallNow() > deadline) throw new Error(`${server.label} printed no inspector URL`);
    await sleep(50);
  }
}
