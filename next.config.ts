import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The SSE stream must never be gzipped (proxies and browsers would hold frames back);
  // the stream route also sends `Cache-Control: no-transform`.
  compress: false,
  poweredByHeader: false,
  // `npm test` type-checks the whole project with `tsc --noEmit` before building.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ['better-sqlite3', 'pino', 'pino-pretty', 'prom-client'],
};

export default nextConfig;
