import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import WebSocket from 'ws';
import { withTimeout } from './clock';

/** Longest a plain inspector command may take, in milliseconds. */
export const INSPECTOR_COMMAND_TIMEOUT_MS = 30_000;
/** Longest a heap snapshot may take to be written out, in milliseconds. */
export const HEAP_SNAPSHOT_TIMEOUT_MS = 180_000;

/** The `Debugger listening on ws://…` line a process started with `--inspect` prints. */
const LISTENING_PATTERN = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/;

/** The inspector URL in one of a process's log lines, or undefined. */
export function inspectorUrlIn(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const match = LISTENING_PATTERN.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

type Pending = { resolve: (result: unknown) => void; reject: (error: Error) => void };

/**
 * A minimal Chrome DevTools Protocol client for a Node process started with
 * `--inspect=127.0.0.1:0`: commands with replies, events by name, heap snapshots to a file.
 */
export class InspectorClient {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<string, (params: unknown) => void>();
  #nextId = 1;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data) => this.#onMessage(data.toString()));
    socket.on('close', () => {
      for (const { reject } of this.#pending.values()) reject(new Error('inspector closed'));
      this.#pending.clear();
    });
  }

  /** Connects to `url` (loopback only: the bench never inspects another machine). */
  static async connect(url: string): Promise<InspectorClient> {
    if (!url.startsWith('ws://127.0.0.1:')) throw new TypeError(`not a loopback inspector: ${url}`);
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 ** 3 });
    await withTimeout(once(socket, 'open'), INSPECTOR_COMMAND_TIMEOUT_MS, 'inspector connect');
    return new InspectorClient(socket);
  }

  /** Sends one command and resolves with its result. */
  call<T = unknown>(
    method: string,
    params: Record<string, unknown> = {},
    timeoutMs = INSPECTOR_COMMAND_TIMEOUT_MS,
  ): Promise<T> {
    const id = this.#nextId++;
    const reply = new Promise<unknown>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
    return withTimeout(reply, timeoutMs, method).finally(() =>
      this.#pending.delete(id),
    ) as Promise<T>;
  }

  /** Calls `listener` for every event named `method` (one listener per name). */
  on(method: string, listener: (params: unknown) => void): void {
    this.#listeners.set(method, listener);
  }

  /**
   * Evaluates `expression` in the process's global scope (with the console's command-line API,
   * so `require` works in an ES module process too) and returns its value as JSON.
   */
  async evaluate<T>(expression: string): Promise<T> {
    const reply = await this.call<{
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', { expression, returnByValue: true, includeCommandLineAPI: true });
    if (reply.exceptionDetails) {
      const { text, exception } = reply.exceptionDetails;
      throw new Error(`evaluate failed: ${exception?.description ?? text}`);
    }
    return reply.result.value as T;
  }

  /** Runs a full garbage collection in the process. */
  async collectGarbage(): Promise<void> {
    await this.call('HeapProfiler.collectGarbage');
  }

  /** Writes a heap snapshot of the process to `file` (V8 runs a full GC first); its bytes. */
  async writeHeapSnapshot(file: string): Promise<number> {
    const out = createWriteStream(file);
    let bytes = 0;
    this.on('HeapProfiler.addHeapSnapshotChunk', (params) => {
      const { chunk } = params as { chunk: string };
      bytes += Buffer.byteLength(chunk);
      out.write(chunk);
    });
    try {
      await this.call(
        'HeapProfiler.takeHeapSnapshot',
        { reportProgress: false },
        HEAP_SNAPSHOT_TIMEOUT_MS,
      );
    } finally {
      this.#listeners.delete('HeapProfiler.addHeapSnapshotChunk');
      out.end();
      await once(out, 'close');
    }
    return bytes;
  }

  close(): void {
    this.#socket.close();
  }

  #onMessage(text: string): void {
    const message = JSON.parse(text) as {
      id?: number;
      method?: string;
      params?: unknown;
      result?: unknown;
      error?: { message: string };
    };
    if (message.id === undefined) {
      if (message.method) this.#listeners.get(message.method)?.(message.params);
      return;
    }
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    if (message.error) pending.reject(new Error(message.error.message));
    else pending.resolve(message.result);
  }
}
