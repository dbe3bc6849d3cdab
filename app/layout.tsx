import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
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
  colorScheme: 'dark',
  themeColor: '#111418',
};

/** The document shell: dark theme, uPlot's stylesheet and ours. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
