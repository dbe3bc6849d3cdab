import type { ApiResponse } from './http-api';

/** Clients of `GET /api/series` and `DELETE /api/series/<name>`. */

/** `GET /api/series?<query>`: the status and the JSON body. */
export async function searchSeries(
  url: string,
  query = '',
  headers: Record<string, string> = {},
): Promise<ApiResponse & { headers: Headers }> {
  const response = await fetch(`${url}/api/series${query}`, { headers });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** `DELETE /api/series/<name, URL-encoded>`: the status and the JSON body. */
export async function deleteSeries(
  url: string,
  name: string,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const response = await fetch(`${url}/api/series/${encodeURIComponent(name)}`, {
    method: 'DELETE',
    headers,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the test sees the text
  }
  return { status: response.status, body };
}
