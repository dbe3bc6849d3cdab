/** The login page. */
export const LOGIN_PATH = '/login';
/** Where the browser learns whether its login session is still valid (401 when it is not). */
export const SESSION_PATH = '/api/session';

/** The login page URL that comes back to `location` after signing in. */
export function loginUrl(location: Pick<Location, 'pathname' | 'search'>): string {
  const back = `${location.pathname}${location.search}`;
  return back === '/' ? LOGIN_PATH : `${LOGIN_PATH}?next=${encodeURIComponent(back)}`;
}

/**
 * Whether the server says the session is gone (`GET /api/session` answers 401). A network error
 * or any other answer (404 with access control off) is not a lost session: keep retrying.
 */
export async function isSessionLost(fetcher: typeof fetch = fetch): Promise<boolean> {
  try {
    const response = await fetcher(SESSION_PATH, { cache: 'no-store' });
    return response.status === 401;
  } catch {
    return false;
  }
}

/** Leaves for the login page (the session expired or is missing). */
export function goToLogin(): void {
  window.location.assign(loginUrl(window.location));
}
