import { SessionEndReason } from '@/lib/protocol';
import { scheduleSessionEnd } from './session-timer';

type Watcher = (reason: SessionEndReason) => void;

/**
 * The open connections (SSE streams, chat sockets) of each session, so that a session's end
 * reaches every one of them: its expiry (one timer per connection, as before) or its
 * revocation (`end`). Entries go when their connection closes.
 */
export class SessionConnections {
  readonly #bySession = new Map<string, Set<Watcher>>();

  /**
   * Calls `onEnd` once when session `id` expires at `exp` (Unix ms) or is ended with `end(id)`.
   * Returns the function that stops watching (call it when the connection closes).
   */
  watch(id: string, exp: number, onEnd: (reason: SessionEndReason) => void): () => void {
    let watchers = this.#bySession.get(id);
    if (!watchers) {
      watchers = new Set();
      this.#bySession.set(id, watchers);
    }
    const set = watchers;
    const stop = () => {
      cancelTimer();
      set.delete(watcher);
      if (set.size === 0 && this.#bySession.get(id) === set) this.#bySession.delete(id);
    };
    const watcher: Watcher = (reason) => {
      stop();
      onEnd(reason);
    };
    const cancelTimer = scheduleSessionEnd(exp, () => watcher(SessionEndReason.Expired));
    set.add(watcher);
    return stop;
  }

  /** Ends every connection of session `id` with `reason`; returns how many were open. */
  end(id: string, reason: SessionEndReason = SessionEndReason.Revoked): number {
    const watchers = this.#bySession.get(id);
    if (!watchers) return 0;
    const ending = [...watchers];
    for (const watcher of ending) watcher(reason);
    return ending.length;
  }

  /** Sessions with at least one open connection (for leak tests). */
  get sessionCount(): number {
    return this.#bySession.size;
  }
}
