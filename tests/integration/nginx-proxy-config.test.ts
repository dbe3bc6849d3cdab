import { describe, expect, it } from 'vitest';
import { SITE_CONF, setupNginxProxy } from './helpers/nginx-proxy';

const { through } = setupNginxProxy();

describe('Pulseboard behind nginx (deploy/nginx/pulseboard.conf)', () => {
  it('configures the stream unbuffered, uncached and uncompressed, and timeouts well past the keep-alive (15 s) and the heartbeat (30 s)', () => {
    const stream = locationBlock(through().site, '= /api/stream');
    const chat = locationBlock(through().site, '= /ws/chat');
    const timeoutsMs = (block: Record<string, string>) =>
      [block.proxy_read_timeout, block.proxy_send_timeout].map((t) => durationMs(t ?? '60s'));

    expect(stream).toMatchObject({ proxy_buffering: 'off', proxy_cache: 'off', gzip: 'off' });
    expect(chat).toMatchObject({ upgrade: '$http_upgrade' });
    expect(Math.min(...timeoutsMs(stream))).toBeGreaterThan(2 * 15_000);
    expect(Math.min(...timeoutsMs(chat))).toBeGreaterThan(2 * 30_000);
  });
});

/** The directives of `location <match> { ... }` (no nested blocks), names lower-cased. */
function locationBlock(site: string, match: string): Record<string, string> {
  const text = site.replace(/#.*$/gm, '');
  const start = text.indexOf(`location ${match} {`);
  if (start < 0) throw new Error(`no "location ${match}" in ${SITE_CONF}`);
  const body = text.slice(text.indexOf('{', start) + 1, text.indexOf('}', start));
  const directives: Record<string, string> = {};
  for (const [, name, value] of body.matchAll(/^\s*(\w+)\s+([^;]+);/gm)) {
    if (name === 'proxy_set_header') {
      const [header, ...rest] = (value as string).split(/\s+/);
      directives[(header as string).toLowerCase()] = rest.join(' ');
    } else directives[name as string] = (value as string).trim();
  }
  return directives;
}

/** An nginx time ("1h", "75s", "500ms", "60"), in milliseconds. */
function durationMs(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!match) throw new Error(`unreadable nginx time "${value}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 's'] ?? 1000;
  return Number(match[1]) * unit;
}
