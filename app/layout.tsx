import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import 'uplot/dist/uPlot.min.css';
import './globals.css';

export const metadata: Metadata = {
  title: 'Pulseboard',
  description: 'Live metrics and team chat',
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
