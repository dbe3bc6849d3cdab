import { errorFields, log } from '@/lib/logger';
import type {
  ChatHookContext,
  MessageVerdict,
  PulseboardHooks,
  StreamHookContext,
} from './hook-types';

type EventName = Exclude<keyof PulseboardHooks, 'name' | 'onMessage'>;

/** Calls every registered hook in order; a hook that throws is logged and skipped. */
export class HookRunner {
  readonly #hooks: readonly PulseboardHooks[];
  /** Hook calls that threw, for tests and /metrics. */
  failures = 0;

  constructor(hooks: readonly PulseboardHooks[] = []) {
    this.#hooks = hooks;
  }

  get size(): number {
    return this.#hooks.length;
  }

  /** Whether any hook implements `event`: without one, a caller need not build its context. */
  has(event: Exclude<keyof PulseboardHooks, 'name'>): boolean {
    return this.#hooks.some((hook) => hook[event] !== undefined);
  }

  /** Which chat events any hook implements (the chat hub makes a hook context only for those). */
  chatEvents(): { open: boolean; message: boolean; close: boolean; error: boolean } {
    return {
      open: this.has('onOpen'),
      message: this.has('onMessage'),
      close: this.has('onClose'),
      error: this.has('onError'),
    };
  }

  onOpen(ctx: ChatHookContext): void {
    this.#each('onOpen', (h) => h.onOpen?.(ctx));
  }

  onClose(ctx: ChatHookContext, code: number): void {
    this.#each('onClose', (h) => h.onClose?.(ctx, code));
  }

  onError(ctx: ChatHookContext, error: unknown): void {
    this.#each('onError', (h) => h.onError?.(ctx, error));
  }

  onStreamOpen(ctx: StreamHookContext): void {
    this.#each('onStreamOpen', (h) => h.onStreamOpen?.(ctx));
  }

  onStreamClose(ctx: StreamHookContext, durationMs: number): void {
    this.#each('onStreamClose', (h) => h.onStreamClose?.(ctx, durationMs));
  }

  /** Runs `onMessage` hooks in order, each seeing the text the previous one produced. */
  onMessage(ctx: ChatHookContext, text: string): { text: string } | { reject: string } {
    let current = text;
    for (const hook of this.#hooks) {
      if (!hook.onMessage) continue;
      let verdict: MessageVerdict | undefined;
      try {
        verdict = hook.onMessage(ctx, { text: current });
      } catch (error) {
        this.#failed(hook, 'onMessage', error);
        continue;
      }
      if (verdict && 'reject' in verdict) return { reject: verdict.reject };
      if (verdict && typeof verdict.text === 'string') current = verdict.text;
    }
    return { text: current };
  }

  #each(event: EventName, call: (hook: PulseboardHooks) => void): void {
    for (const hook of this.#hooks) {
      if (!hook[event]) continue;
      try {
        call(hook);
      } catch (error) {
        this.#failed(hook, event, error);
      }
    }
  }

  #failed(hook: PulseboardHooks, event: string, error: unknown): void {
    this.failures++;
    log.warn('hook failed', { hook: hook.name, event, ...errorFields(error) });
  }
}
