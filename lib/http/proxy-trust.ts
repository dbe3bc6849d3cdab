import type { IncomingMessage } from 'node:http';
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Which peers are trusted reverse proxies (TRUST_PROXY), and so which `X-Forwarded-For` and
 * `X-Forwarded-Proto` entries are believed. Modelled on Express's `trust proxy`: a hop count,
 * or a list of proxy addresses and subnets. See docs/security.md#client-address.
 */
export type TrustProxy =
  /** Trust the first `hops` peers, counted from the socket: 0 trusts nobody. */
  | { hops: number }
  /** Trust the peers whose address is in `list` (addresses, CIDRs, `loopback`, ...). */
  | { list: readonly string[] };

/** Trusted proxies nobody configured: the socket's peer is the client. */
export const TRUST_PROXY_NONE: TrustProxy = { hops: 0 };
/** Largest hop count TRUST_PROXY accepts (a longer proxy chain is a configuration mistake). */
export const TRUST_PROXY_MAX_HOPS = 16;

/** Named address groups a TRUST_PROXY list may use, as in Express. */
const PRESETS: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/**
 * Parses TRUST_PROXY: `0`/`false` (nobody), `1`/`true` (one hop), `N` (N hops), or a comma
 * list of addresses, CIDRs and the names `loopback`, `linklocal`, `uniquelocal`. Returns a
 * sentence saying what is wrong instead when it is not one of those.
 */
export function parseTrustProxy(raw: string): TrustProxy | string {
  const text = raw.trim().toLowerCase();
  if (text === '' || text === 'false') return TRUST_PROXY_NONE;
  if (text === 'true') return { hops: 1 };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > TRUST_PROXY_MAX_HOPS) return `a hop count must be at most ${TRUST_PROXY_MAX_HOPS}`;
    return { hops };
  }
  const list = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of list) {
    if (!(entry in PRESETS) && !parseSubnet(entry)) {
      return `"${entry.slice(0, 64)}" is not a hop count, an IP address, a CIDR or one of loopback, linklocal, uniquelocal`;
    }
  }
  return { list };
}

/**
 * Reads the client of a request under a TRUST_PROXY setting: the one function every rate
 * limit, log line, hook and connection cap uses.
 */
export class ProxyTrust {
  readonly #hops: number | undefined;
  readonly #trusted: BlockList | undefined;

  constructor(trust: TrustProxy = TRUST_PROXY_NONE) {
    if ('hops' in trust) {
      this.#hops = trust.hops;
      return;
    }
    const blocks = new BlockList();
    for (const entry of trust.list) {
      for (const subnet of PRESETS[entry] ?? [entry]) {
        const parsed = parseSubnet(subnet);
        if (parsed) blocks.addSubnet(parsed.address, parsed.prefix, parsed.family);
      }
    }
    this.#trusted = blocks;
  }

  /**
   * The client's address: walking from the socket's peer back through `X-Forwarded-For`
   * (rightmost entry first), the first address that is not a trusted proxy. Entries left of it
   * were written by the client and are never believed. When every hop is trusted, the leftmost.
   */
  clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>): string | undefined {
    const peer = normalise(req.socket.remoteAddress);
    if (peer === undefined || this.#hops === 0) return peer;
    const chain = [peer, ...forwardedFor(req.headers['x-forwarded-for'])];
    if (this.#hops !== undefined) return chain[Math.min(this.#hops, chain.length - 1)];
    for (let i = 0; i < chain.length - 1; i++) {
      if (!this.#isTrusted(chain[i] as string)) return chain[i];
    }
    return chain.at(-1);
  }

  /** Whether the socket's peer is a trusted proxy (so its `X-Forwarded-*` headers count). */
  trustsPeer(req: Pick<IncomingMessage, 'socket'>): boolean {
    const peer = normalise(req.socket.remoteAddress);
    if (peer === undefined) return false;
    return this.#hops !== undefined ? this.#hops > 0 : this.#isTrusted(peer);
  }

  /** Whether the client reached us over https: a TLS socket, or a trusted proxy says so. */
  isHttps(req: Pick<IncomingMessage, 'headers' | 'socket'>): boolean {
    if ((req.socket as { encrypted?: boolean }).encrypted) return true;
    if (!this.trustsPeer(req)) return false;
    const proto = req.headers['x-forwarded-proto'];
    const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase();
    return first === 'https';
  }

  #isTrusted(address: string): boolean {
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    return family !== undefined && (this.#trusted?.check(address, family) ?? false);
  }
}

/** `X-Forwarded-For` entries, nearest hop first (the header lists the client first). */
function forwardedFor(header: string | string[] | undefined): string[] {
  const joined = Array.isArray(header) ? header.join(',') : (header ?? '');
  return joined
    .split(',')
    .map((entry) => normalise(entry.trim()))
    .filter((entry): entry is string => entry !== undefined && entry !== '')
    .reverse();
}

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) as the IPv4 address it stands for. */
function normalise(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1] : address;
}

function parseSubnet(
  entry: string,
): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefixText, extra] = entry.split('/');
  if (extra !== undefined) return undefined;
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!family) return undefined;
  const max = family === 'ipv4' ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return undefined;
  return { address, prefix: Number(prefixText), family };
}
