import { log } from '@/lib/logger';

/** The signal that asks for a full garbage collection (a diagnostic for leak tests). */
export const GC_SIGNAL = 'SIGUSR2';

/**
 * Diagnostic: when Node runs with `--expose-gc`, `kill -USR2 <pid>` runs a full garbage
 * collection and logs `gc done` with the resident memory after it, so a leak test can compare
 * RSS before and after a load. Without `--expose-gc` it installs nothing (Node's default for
 * SIGUSR2 stays) and returns false.
 */
export function installGcOnSignal(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return false;
  process.on(GC_SIGNAL, () => {
    gc();
    log.info('gc done', { rssBytes: process.memoryUsage.rss() });
  });
  return true;
}
