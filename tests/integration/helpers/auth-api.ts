import { readSessionCookie, SESSION_COOKIE_NAME } from '@/lib/auth/session-cookie';
import type { ApiResponse } from './http-api';
import { startTestServer, type TestServer } from './start-test-server';

/** A login answer: status, headers, and the JSON (or text) body. */
export type LoginResponse = ApiResponse & { headers: Headers; setCookie: string | null };

/** `POST /api/login` with a JSON (default) or urlencoded body; redirects are not followed. */
export async function postLogin(
  url: string,
  fields: Record<string, string>,
  options: { form?: boolean; headers?: Record<string, string> } = {},
): Promise<LoginResponse> {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': options.form ? 'application/x-www-form-urlencoded' : 'application/json',
      ...options.headers,
    },
    body: options.form ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a redirect): the test sees the text.
  }
  return {
    status: response.status,
    body,
    headers: response.headers,
    setCookie: response.headers.get('set-cookie'),
  };
}

/**
 * Signs in (JSON) and returns the `Cookie` header value to send afterwards. Each call uses its
 * own `X-Forwarded-For` (with TRUST_PROXY=1) unless given, so the login rate limit stays out
 * of the way of tests that are not about it.
 */
export async function login(url: string, name: string, password: string): Promise<string> {
  const response = await postLogin(
    url,
    { name, password },
    { headers: { 'X-Forwarded-For': `198.51.100.${++addressCounter % 250}` } },
  );
  const value = readSessionCookie(response.setCookie?.split(';')[0]);
  if (response.status !== 200 || value === undefined) {
    throw new Error(`login answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return `${SESSION_COOKIE_NAME}=${value}`;
}

let addressCounter = 0;

/** The password of the servers startSignedIn starts. */
export const TEST_PASSWORD = 'correct horse';

/**
 * A server with access control on (AUTH_PASSWORD, behind a trusted proxy, no collector) and the
 * session cookie of `Grace` signed in to it; `env` adds to it (INGEST_TOKEN, ...).
 */
export async function startSignedIn(
  env: Record<string, string> = {},
): Promise<{ server: TestServer; cookie: string }> {
  const server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    TRUST_PROXY: '1',
    AUTH_PASSWORD: TEST_PASSWORD,
    ...env,
  });
  return { server, cookie: await login(server.url, 'Grace', TEST_PASSWORD) };
}
