import { cookies } from 'next/headers';
import { findRuntime } from '@/lib/runtime';
import { PulseboardApp, type SessionInfo } from './components/pulseboard-app';
import { parseThemeChoice, THEME_COOKIE_NAME } from './theme/theme-choice';

/**
 * The dashboard page. Every metric arrives over the SSE stream and every chat message over the
 * WebSocket, both opened by client components. With access control on, the signed-in user is
 * read here, on the server, from the session cookie (the gate has already checked it), so the
 * browser needs no extra request to learn its name.
 */
export default async function Home() {
  const jar = await cookies();
  const access = findRuntime()?.access;
  const found = access ? access.sessionOf(jar.toString()) : null;
  const session: SessionInfo | null = found ? { name: found.name, expiresAt: found.exp } : null;
  const theme = parseThemeChoice(jar.get(THEME_COOKIE_NAME)?.value);
  return <PulseboardApp session={session} theme={theme} />;
}
