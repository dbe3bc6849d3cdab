const closers = new Set<() => void>();

/** Remembers how to close a client a test opened; returns the function that forgets it. */
export function trackClient(close: () => void): () => void {
  closers.add(close);
  return () => closers.delete(close);
}

/** Closes every client still open (an `afterEach` hook), so no test leaks into the next. */
export function closeClients(): void {
  for (const close of [...closers]) close();
  closers.clear();
}
