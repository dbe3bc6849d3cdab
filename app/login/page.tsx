import { CHAT_NAME_MAX_CHARS } from '@/lib/protocol';
import { findRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

type LoginSearch = { error?: string | string[]; next?: string | string[] };

/**
 * The login page: a plain HTML form posted to `/api/login` (works without JavaScript). With
 * AUTH_USERS the name is the user name; with AUTH_PASSWORD it is the chat display name.
 */
export default async function LoginPage({ searchParams }: { searchParams: Promise<LoginSearch> }) {
  const search = await searchParams;
  const mode = findRuntime()?.access?.config.mode;
  const failed = first(search.error) === '1';
  const next = first(search.next);
  return (
    <main className="login-page">
      <h1>Pulseboard</h1>
      {mode === undefined ? (
        <p>
          Access control is off: open the <a href="/">dashboard</a>.
        </p>
      ) : (
        <form className="login-form" method="post" action="/api/login">
          <label htmlFor="login-name">
            {mode === 'users' ? 'User name' : 'Your name in the chat'}
          </label>
          <input
            id="login-name"
            name="name"
            required
            maxLength={CHAT_NAME_MAX_CHARS}
            autoComplete="username"
          />
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            name="password"
            type="password"
            required
            autoComplete="current-password"
          />
          {next ? <input type="hidden" name="next" value={next} /> : null}
          {failed ? (
            <p className="form-error" role="alert">
              Wrong name or password.
            </p>
          ) : null}
          <button type="submit">Sign in</button>
        </form>
      )}
    </main>
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
