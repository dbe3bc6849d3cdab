/** Where a login goes when `next` is missing or unsafe. */
export const DEFAULT_NEXT_PATH = '/';
/** Longest `next` kept, in characters, before and after percent-encoding; longer becomes `/`. */
export const NEXT_PATH_MAX_CHARS = 2048;

/**
 * `next` as a same-site relative path safe to send in a `Location` header, or `/`: one leading
 * `/` (no `//` or `/\` that a browser would read as another host), no control characters, and
 * every character outside printable ASCII percent-encoded as UTF-8 (`/ā` becomes `/%C4%81`:
 * a header value cannot carry it raw, and Node throws on it). Text that cannot be encoded (a
 * lone surrogate) gives `/`.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > NEXT_PATH_MAX_CHARS) return DEFAULT_NEXT_PATH;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return DEFAULT_NEXT_PATH;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(next)) return DEFAULT_NEXT_PATH;
  let encoded: string;
  try {
    // encodeURI leaves `%`, `?`, `#` and the rest of printable ASCII alone: only the others
    // (space included) are encoded, so an already encoded path stays as it is.
    encoded = next.replace(/[^\u0021-\u007e]+/g, (run) => encodeURI(run));
  } catch {
    return DEFAULT_NEXT_PATH; // URIError: a lone surrogate
  }
  return encoded.length > NEXT_PATH_MAX_CHARS ? DEFAULT_NEXT_PATH : encoded;
}
