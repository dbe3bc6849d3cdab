/**
 * A gate that work waits behind until it opens: `after(fn)` runs `fn` at once when open, else
 * when `open()` is called. Requests for Next arriving between the bind and `app.prepare()`
 * wait here instead of failing.
 */
export class ReadyGate {
  #open = false;
  #resolve: () => void = () => {};
  readonly #opened = new Promise<void>((resolve) => {
    this.#resolve = resolve;
  });

  get isOpen(): boolean {
    return this.#open;
  }

  open(): void {
    this.#open = true;
    this.#resolve();
  }

  after<T>(fn: () => T): T | Promise<T> {
    return this.#open ? fn() : this.#opened.then(fn);
  }
}
