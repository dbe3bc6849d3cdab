import { log } from '@/lib/logger';

/** The signal that asks for a full garbage collection (a diagnostic for leak tests). */
export const GC_SIGNAL = 'SIGUSR2';

/**
 * Diagnostic: when Node runs with `--expose-gc`, `kill -USR2 <pid>` runs a full garbage
 * collection and logs `gc done` with the memory right after it (RSS, V8 heap, external), so a
 * leak test can compare memory before and after a load. V8 returns freed pages to the OS just
 * after the collection, so RSS read a moment later can be lower. Without `--expose-gc` it
 * installs nothing (Node's default for SIGUSR2, ending the process, stays) and returns false.
 */
export function installGcOnSignal(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return false;
  process.on(GC_SIGNAL, () => {
    gc();
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    log.info('gc done', {
      rssBytes: rss,
      heapUsedBytes: heapUsed,
      heapTotalBytes: heapTotal,
      externalBytes: external,
      arrayBuffersBytes: arrayBuffers,
    });
  });
  return true;
}
