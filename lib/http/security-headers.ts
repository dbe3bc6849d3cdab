import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Random bytes in each response's CSP nonce (128 bits, base64: 24 characters). */
export const CSP_NONCE_BYTES = 16;

/** A `Host` header we are willing to echo into `connect-src`: a host name or IPv4/IPv6, a port. */
const SAFE_HOST_PATTERN = /^(?:[a-z0-9.-]{1,253}|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;

/** The headers every response carries besides the CSP, whatever served it. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  // Not `no-referrer`: with it, browsers send `Origin: null` on same-origin POSTs and the
  // CSRF check (csrf.ts) could no longer tell our own page from an opaque one.
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

export type CspOptions = {
  /** The per-response script nonce (base64). */
  nonce: string;
  /** The request's `Host`; when well formed, `ws:`/`wss:` to it are listed in connect-src. */
  host: string | undefined;
  /** `next dev` needs `'unsafe-eval'` (React's dev tooling) and inline styles (HMR). */
  dev: boolean;
};

/** A fresh, unguessable nonce for one response. */
export function createNonce(): string {
  return randomBytes(CSP_NONCE_BYTES).toString('base64');
}

/**
 * The Content-Security-Policy: scripts only with this response's nonce (and what those load,
 * `'strict-dynamic'`), never inline without it; no plugins, no framing, no foreign forms or
 * connections. Styles come from our own files; only `next dev` gets `'unsafe-inline'` for them.
 */
export function contentSecurityPolicy({ nonce, host, dev }: CspOptions): string {
  const sockets = host && SAFE_HOST_PATTERN.test(host) ? ` ws://${host} wss://${host}` : '';
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join('; ');
}

/** STATIC_SECURITY_HEADERS as a flat `[name, value, …]` list. */
const STATIC_SECURITY_HEADER_LIST: readonly string[] =
  Object.entries(STATIC_SECURITY_HEADERS).flat();

/**
 * The security headers of one response as the flat `[name, value, …]` list `writeHead` takes:
 * the Content-Security-Policy with a fresh nonce, then STATIC_SECURITY_HEADERS.
 */
export function securityHeaders(host: string | undefined, options: { dev: boolean }): string[] {
  const policy = contentSecurityPolicy({ nonce: createNonce(), host, dev: options.dev });
  return ['Content-Security-Policy', policy, ...STATIC_SECURITY_HEADER_LIST];
}

/**
 * Sets `headers` (`[name, value, …]`, see {@link securityHeaders}) on `res` before anything
 * else writes it, and puts their CSP on the request, where Next reads the nonce and stamps it
 * on its own scripts. A CSP header the client sent is replaced.
 */
export function applySecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  headers: readonly string[],
): void {
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i] as string;
    const value = headers[i + 1] as string;
    res.setHeader(name, value);
    if (name === 'Content-Security-Policy') req.headers['content-security-policy'] = value;
  }
  delete req.headers['content-security-policy-report-only'];
}
