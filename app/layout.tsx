import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { parseThemeChoice, THEME_COOKIE_NAME, themeAttribute } from './theme/theme-choice';
import 'uplot/dist/uPlot.min.css';
import './globals.css';

/**
 * Every page renders per request: the CSP nonce (lib/http/security-headers.ts) is new on each
 * response and Next stamps it on its scripts while rendering; a prerendered page would carry
 * no nonce and its scripts would be blocked.
 */
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Pulseboard',
  description: 'Live metrics and team chat',
  // An inline icon: no extra request, and no 404 in the console.
  icons: {
    icon: `data:image/svg+xml,${encodeURIComponent(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#111418"/><path d="M1 9h3l2-5 3 9 2-4h4" fill="none" stroke="#4cc2ff" stroke-width="1.6"/></svg>',
    )}`,
  },
};

export const viewport: Viewport = {
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f4f6f9' },
    { media: '(prefers-color-scheme: dark)', color: '#111418' },
  ],
};

/**
 * The document shell: uPlot's stylesheet and ours. A theme chosen with the toggle (cookie
 * `pulseboard_theme`) is stamped on `<html data-theme>` here, on the server, so the first paint
 * already has it; without the cookie the stylesheet follows the system setting.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = themeAttribute(parseThemeChoice((await cookies()).get(THEME_COOKIE_NAME)?.value));
  return (
    <html lang="en" data-theme={theme}>
      <body>{children}</body>
    </html>
  );
}
