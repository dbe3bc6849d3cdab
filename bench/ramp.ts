/** A connection being opened: it reports once when it is open or failed, and can be failed. */
export type Opening = { fail(reason: string): void };

/**
 * Opens `count` connections, `batchSize` at a time: each batch is started at once and the next
 * one waits until every connection of the batch reported (or was failed after `timeoutMs`), so
 * the server's accept backlog never overflows.
 */
export async function openInBatches<T extends Opening>(
  count: number,
  batchSize: number,
  timeoutMs: number,
  create: (index: number, settled: () => void) => T,
): Promise<T[]> {
  const all: T[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const batch: T[] = [];
    await new Promise<void>((resolve) => {
      let pending = size;
      const timer = setTimeout(() => {
        for (const c of batch) c.fail(`not open within ${timeoutMs} ms`);
      }, timeoutMs);
      const settled = () => {
        pending--;
        if (pending > 0) return;
        clearTimeout(timer);
        resolve();
      };
      for (let i = 0; i < size; i++) batch.push(create(start + i, settled));
    });
    all.push(...batch);
  }
  return all;
}

/** Failure reasons with how many connections failed for each. */
export function countErrors(
  items: readonly { error: string | undefined }[],
): Record<string, number> {
  const errors: Record<string, number> = {};
  for (const { error } of items) if (error) errors[error] = (errors[error] ?? 0) + 1;
  return errors;
}

/** `reason xcount; …` of the first few distinct failure reasons. */
export function formatReasons(reasons: [string, number][]): string {
  return reasons
    .slice(0, 3)
    .map(([reason, count]) => `${reason} x${count}`)
    .join('; ');
}
