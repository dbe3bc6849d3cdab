import type { SeriesInfo } from '@/lib/protocol';

/** Most names remembered as deleted while the page is open (for the "series deleted" note). */
export const DELETED_NAMES_MAX = 1000;

/** What the page knows about the set of series (not their points). */
export type CatalogView = {
  /** Every series the page knows, in the order it learned them (the snapshot lists by name). */
  series: readonly SeriesInfo[];
  /** Series the last snapshot left out (names unknown): search the server for them. */
  omitted: number;
  /** Series deleted while the page was open (until they are pushed again). */
  deleted: ReadonlySet<string>;
};

/**
 * The names and units of every known series, apart from their points: cheap to hold for tens
 * of thousands of series. `view()` returns a new object only when something changed (as
 * useSyncExternalStore wants).
 */
export class SeriesCatalog {
  readonly #units = new Map<string, string | undefined>();
  readonly #deleted = new Set<string>();
  #omitted = 0;
  #view: CatalogView = { series: [], omitted: 0, deleted: new Set() };
  #dirty = false;
  #version = 0;

  has(name: string): boolean {
    return this.#units.has(name);
  }

  get size(): number {
    return this.#units.size;
  }

  get omitted(): number {
    return this.#omitted;
  }

  /** Whether the last snapshot listed every series (so a name seen later is a new series). */
  get complete(): boolean {
    return this.#omitted === 0;
  }

  isDeleted(name: string): boolean {
    return this.#deleted.has(name);
  }

  /** Replaces every entry (a snapshot). */
  reset(series: readonly SeriesInfo[], omitted: number): void {
    this.#units.clear();
    for (const s of series) {
      this.#units.set(s.name, s.unit);
      this.#deleted.delete(s.name);
    }
    this.#omitted = Math.max(0, Math.floor(omitted));
    this.#changed();
  }

  /**
   * Adds `name` or updates its unit (an `undefined` unit keeps the one known). `wasOmitted`: a
   * name learned that the last snapshot left out (the server did not describe it as new, or a
   * search found it): it is no longer counted in `omitted`, so it is not counted twice.
   */
  learn(name: string, unit: string | undefined, wasOmitted = false): void {
    this.#deleted.delete(name);
    if (this.#units.has(name) && (unit === undefined || this.#units.get(name) === unit)) return;
    if (!this.#units.has(name) && wasOmitted && this.#omitted > 0) this.#omitted--;
    this.#units.set(name, unit ?? this.#units.get(name));
    this.#changed();
  }

  /**
   * Drops `name` and remembers it as deleted. A name neither known nor already deleted was one
   * the snapshot left out: `omitted` counts one fewer.
   */
  remove(name: string): void {
    if (!this.#units.has(name) && !this.#deleted.has(name) && this.#omitted > 0) this.#omitted--;
    this.#units.delete(name);
    this.#deleted.delete(name);
    this.#deleted.add(name);
    if (this.#deleted.size > DELETED_NAMES_MAX) {
      const oldest = this.#deleted.values().next().value;
      if (oldest !== undefined) this.#deleted.delete(oldest);
    }
    this.#changed();
  }

  /** The current view; a new object after changes. */
  view(): CatalogView {
    if (this.#dirty) {
      this.#dirty = false;
      this.#view = {
        series: [...this.#units].map(([name, unit]) =>
          unit === undefined ? { name } : { name, unit },
        ),
        omitted: this.#omitted,
        deleted: new Set(this.#deleted),
      };
    }
    return this.#view;
  }

  /** Grows by one with every change. */
  get version(): number {
    return this.#version;
  }

  #changed(): void {
    this.#dirty = true;
    this.#version++;
  }
}
