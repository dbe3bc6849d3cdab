/** The path of a request URL, without its query: `/api/stream?x=1` → `/api/stream`. */
export function pathOf(url: string | undefined): string {
  const value = url ?? '/';
  const end = value.indexOf('?');
  return end === -1 ? value : value.slice(0, end);
}

/**
 * The path with `.` and `..` segments resolved, as any URL parser downstream (Next) would read
 * it: `/_next/static/../../api/stream` is `/api/stream`. Gates use it, so a path trick cannot
 * make a protected path look open.
 */
export function resolvedPath(url: string | undefined): string {
  const raw = pathOf(url);
  try {
    // Concatenated, not resolved against a base: `//host/x` must stay a path, not a host.
    return new URL(`http://localhost${raw}`).pathname;
  } catch {
    return raw;
  }
}
