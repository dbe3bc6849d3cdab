import type { AccessControl } from './auth/access-control';
import type { Env } from './env';
import type { HookRunner } from './hooks/hook-runner';
import type { ErrorTally } from './observability/error-tally';
import type { MetricStore } from './store/metric-store';
import type { StoreState } from './store/store-errors';
import type { StreamHub } from './stream/stream-hub';

/** What the chat hub exposes to the rest of the server. */
export type ChatHubView = {
  readonly connectionCount: number;
  messagesInLastMinute(): number;
};

/**
 * The process-wide objects. server.ts creates them once and parks them on `globalThis`,
 * because the route bundles and server.ts load different copies of every module.
 */
export type Runtime = {
  env: Env;
  metricStore: MetricStore;
  streamHub: StreamHub;
  chatHub: ChatHubView;
  hooks: HookRunner;
  httpErrors: ErrorTally;
  /** Whether the database takes writes (`/api/health`'s `store`). */
  storeStatus: { readonly state: StoreState };
  startedAt: number;
  /** Access control (AUTH_PASSWORD / AUTH_USERS); undefined when it is off. */
  access?: AccessControl | undefined;
};

const RUNTIME_KEY = Symbol.for('pulseboard.runtime');
type Holder = { [RUNTIME_KEY]?: Runtime };

/** Stores the runtime for route handlers. */
export function setRuntime(runtime: Runtime | undefined): void {
  (globalThis as Holder)[RUNTIME_KEY] = runtime;
}

/** The runtime, or undefined when the server was not started through server.ts. */
export function findRuntime(): Runtime | undefined {
  return (globalThis as Holder)[RUNTIME_KEY];
}
