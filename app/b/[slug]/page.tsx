import { cookies } from 'next/headers';
import { notFound } from 'next/navigation';
import { BOARD_SLUG_PATTERN, DEFAULT_BOARD } from '@/lib/protocol';
import { findRuntime } from '@/lib/runtime';
import { PulseboardApp, type SessionInfo } from '../../components/pulseboard-app';
import { parseThemeChoice, THEME_COOKIE_NAME } from '../../theme/theme-choice';

/**
 * A board's page, `/b/<slug>`: the dashboard page on that board's layout. A slug that cannot
 * be one is a 404 here; a well-formed slug of no board is said so on the page (the layout's
 * answer is a 404). `/b/default` is the default board, as `/`.
 */
export default async function BoardPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (!BOARD_SLUG_PATTERN.test(slug)) notFound();
  const jar = await cookies();
  const access = findRuntime()?.access;
  const found = access ? access.sessionOf(jar.toString()) : null;
  const session: SessionInfo | null = found ? { name: found.name, expiresAt: found.exp } : null;
  const theme = parseThemeChoice(jar.get(THEME_COOKIE_NAME)?.value);
  return (
    <PulseboardApp
      session={session}
      theme={theme}
      board={slug === DEFAULT_BOARD.slug ? undefined : slug}
    />
  );
}
