/** Scrapes `GET /metrics` and returns `name{labels}` → value (throws unless 200). */
export async function scrapeMetrics(url: string, token?: string): Promise<Map<string, number>> {
  const response = await fetch(`${url}/metrics`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  return parseMetrics(await response.text());
}

/** `name{labels}` → value of a body in the Prometheus text format. */
export function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}
