import { type ChildProcess, fork } from 'node:child_process';
import { trackChild } from './child-registry';
import { withTimeout } from './clock';

/** Longest wait for a load generator process to exit after it was asked to, in milliseconds. */
export const LOAD_EXIT_TIMEOUT_MS = 5000;

/** A command as it crosses the IPC channel, with the id its reply carries back. */
export type Envelope<T> = { id: number; body: T };
/** A reply: the command's result or the error it threw. */
export type ReplyEnvelope<R> =
  | { id: number; ok: true; body: R }
  | { id: number; ok: false; error: string };

/**
 * One load generator child process (`node --import tsx <script>`) driven by typed
 * request / reply commands over IPC; every request has a timeout.
 */
export class LoadProcess<Command, Reply> {
  readonly #child: ChildProcess;
  readonly #pending = new Map<
    number,
    { resolve: (r: Reply) => void; reject: (e: Error) => void }
  >();
  #nextId = 1;
  #exited: Promise<void>;

  constructor(script: string) {
    this.#child = fork(script, [], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    trackChild(this.#child);
    this.#child.on('message', (message) => this.#onReply(message as ReplyEnvelope<Reply>));
    this.#exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => {
        const error = new Error(`load generator ${script} exited (${signal ?? code})`);
        for (const { reject } of this.#pending.values()) reject(error);
        this.#pending.clear();
        resolve();
      });
    });
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /** Sends `command` and resolves with its reply; rejects after `timeoutMs`. */
  request(command: Command, timeoutMs: number, what: string): Promise<Reply> {
    const id = this.#nextId++;
    const reply = new Promise<Reply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#child.send({ id, body: command } satisfies Envelope<Command>, (error) => {
        if (error) reject(error);
      });
    });
    return withTimeout(reply, timeoutMs, what).finally(() => this.#pending.delete(id));
  }

  /** Disconnects (the child exits on its own) and kills it if it has not gone in time. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    if (this.#child.connected) this.#child.disconnect();
    try {
      await withTimeout(this.#exited, LOAD_EXIT_TIMEOUT_MS, 'load generator exit');
    } catch {
      this.#child.kill('SIGKILL');
      await this.#exited;
    }
  }

  #onReply(message: ReplyEnvelope<Reply>): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    if (message.ok) pending.resolve(message.body);
    else pending.reject(new Error(message.error));
  }
}

/** Several load generator processes of one script, each holding its share of the clients. */
export class LoadFleet<Command, Reply> {
  readonly processes: LoadProcess<Command, Reply>[];

  constructor(script: string, count: number) {
    this.processes = Array.from({ length: count }, () => new LoadProcess<Command, Reply>(script));
  }

  get pids(): number[] {
    return this.processes.map((p) => p.pid);
  }

  /** Sends each process its own command (built from its index) and waits for every reply. */
  all(command: (index: number) => Command, timeoutMs: number, what: string): Promise<Reply[]> {
    return Promise.all(this.processes.map((p, i) => p.request(command(i), timeoutMs, what)));
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
  }
}

/** Splits `total` clients over `parts` processes; the share of process `index`. */
export function shareOf(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}
