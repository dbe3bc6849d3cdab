import type { Page } from '@playwright/test';

/** One `securitypolicyviolation` event, as the page saw it. */
export type CspViolation = { directive: string; blockedURI: string; sample: string };

/**
 * Records every CSP violation and every console error of `page` from its first script on.
 * Call before `goto`. `violations()` reads what the page recorded so far.
 */
export async function watchCsp(page: Page) {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.addInitScript(() => {
    const seen: CspViolation[] = [];
    (window as { __cspViolations?: CspViolation[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push({
        directive: event.effectiveDirective,
        blockedURI: event.blockedURI,
        sample: event.sample,
      });
    });
  });
  return {
    consoleErrors,
    violations: () =>
      page.evaluate(() => (window as { __cspViolations?: CspViolation[] }).__cspViolations ?? []),
  };
}
