/** Where a login goes when `next` is missing or unsafe. */
export const DEFAULT_NEXT_PATH = '/';

/**
 * `next` when it is a same-site relative path (one leading `/`, no `//` or `/\` that a browser
 * would read as another host, no control characters); otherwise `/`.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > 2048) return DEFAULT_NEXT_PATH;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return DEFAULT_NEXT_PATH;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return DEFAULT_NEXT_PATH;
  return next;
}
