/**
 * Resolves when `work` settles or after `ms` milliseconds, whichever comes first (a rejection
 * of `work` counts as settled); its timer is cleared then, and never holds the process open.
 * Whether `work` finished is for the caller to know.
 */
export async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms).unref();
  });
  try {
    await Promise.race([work.then(noop, noop), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function noop(): void {}
