import type { SeriesStore } from './series-store';

/** Whether the charts are frozen, and how many live samples arrived since they were. */
export type PauseSnapshot = { paused: boolean; newSamples: number };

/**
 * The page's pause switch. While paused, charts stop drawing but the stores keep taking every
 * sample (the stream keeps its cursor); resuming redraws from the stores, so nothing is missed.
 */
export class PauseState {
  #state: PauseSnapshot = { paused: false, newSamples: 0 };
  readonly #listeners = new Set<() => void>();

  /** Counts the samples `store` takes while paused; returns the unsubscribe function. */
  countFrom(store: SeriesStore): () => void {
    return store.subscribeBatches((batch) => {
      if (!this.#state.paused || batch.kind !== 'samples') return;
      this.#set({
        paused: true,
        newSamples: this.#state.newSamples + batch.payload.samples.length,
      });
    });
  }

  readonly get = (): PauseSnapshot => this.#state;
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly toggle = (): void => {
    this.#set({ paused: !this.#state.paused, newSamples: 0 });
  };

  #set(state: PauseSnapshot): void {
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}
