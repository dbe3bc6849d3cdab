/** The path of a request URL, without its query: `/api/stream?x=1` → `/api/stream`. */
export function pathOf(url: string | undefined): string {
  const value = url ?? '/';
  const end = value.indexOf('?');
  return end === -1 ? value : value.slice(0, end);
}
