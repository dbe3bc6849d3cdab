import type { SeriesInfo } from '@/lib/protocol';

type Listener = () => void;

/**
 * The subscriptions of a series source (SeriesStore, RangeView): listeners per series, listeners
 * of the series list, and the list itself (a new array only when it changes, as
 * useSyncExternalStore wants). A series' listener set is dropped with its last listener.
 */
export class SeriesListeners {
  readonly #series = new Map<string, Set<Listener>>();
  readonly #list = new Set<Listener>();
  #current: readonly SeriesInfo[] = [];

  /** Every known series, in order of appearance. */
  readonly list = (): readonly SeriesInfo[] => this.#current;

  /** Calls `listener` after each change of `name`; returns the unsubscribe function. */
  readonly subscribeSeries = (name: string, listener: Listener): (() => void) => {
    let set = this.#series.get(name);
    if (!set) {
      set = new Set();
      this.#series.set(name, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#series.delete(name);
    };
  };

  /** Calls `listener` when the list of series changes. */
  readonly subscribeList = (listener: Listener): (() => void) => {
    this.#list.add(listener);
    return () => this.#list.delete(listener);
  };

  /** Series with listeners (for leak tests). */
  get watchedSeries(): number {
    return this.#series.size;
  }

  /** Tells the listeners of `name` that it changed. */
  notify(name: string): void {
    for (const listener of this.#series.get(name) ?? []) listener();
  }

  /** Replaces the list from the buffers held, in their order, and tells the list listeners. */
  setList(buffers: Iterable<{ name: string; unit?: string | undefined }>): void {
    this.#current = [...buffers].map((b) =>
      b.unit === undefined ? { name: b.name } : { name: b.name, unit: b.unit },
    );
    for (const listener of this.#list) listener();
  }
}
