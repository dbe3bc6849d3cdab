import { CHAT_KEY_MAX_CHARS, normaliseChatName } from '@/lib/protocol';

/** sessionStorage key of this tab's chat identity: its key and, once joined, its name. */
export const CHAT_TAB_STORAGE_KEY = 'pulseboard.chatTab';
/** localStorage key of the last name used in this browser: only proposed to a new tab. */
export const CHAT_NAME_STORAGE_KEY = 'pulseboard.chatName';
/** Length of the random identity key a tab makes, in characters (base64url of 24 bytes). */
export const CHAT_TAB_KEY_CHARS = 32;

/** One tab's chat identity: a random key for the tab's life, and its name once chosen. */
export type TabIdentity = { key: string; name: string | null };

/** The parts of Web Storage used here (fakes in tests). */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * This tab's identity from `session` (sessionStorage: per tab, kept across reloads), made and
 * saved on first use. A broken or missing entry gets a fresh key and no name.
 */
export function readTabIdentity(
  session: StorageLike | undefined,
  random: () => string = newTabKey,
): TabIdentity {
  const saved = parseIdentity(safeGet(session, CHAT_TAB_STORAGE_KEY));
  if (saved) return saved;
  const fresh: TabIdentity = { key: random(), name: null };
  safeSet(session, CHAT_TAB_STORAGE_KEY, JSON.stringify(fresh));
  return fresh;
}

/** Saves this tab's name (or clears it) and, for a name, proposes it to new tabs (`local`). */
export function saveTabName(
  session: StorageLike | undefined,
  local: StorageLike | undefined,
  identity: TabIdentity,
  name: string | null,
): TabIdentity {
  const next = { key: identity.key, name };
  safeSet(session, CHAT_TAB_STORAGE_KEY, JSON.stringify(next));
  if (name !== null) safeSet(local, CHAT_NAME_STORAGE_KEY, name);
  return next;
}

/** The name a new tab proposes: the last one used in this browser, or ''. */
export function proposedName(local: StorageLike | undefined): string {
  return normaliseChatName(safeGet(local, CHAT_NAME_STORAGE_KEY) ?? '') ?? '';
}

/**
 * Another name to propose when `taken` is refused: `taken-2`, `taken-3`, … skipping names in
 * `avoid` (compared case-folded), cut to fit the name limit.
 */
export function alternativeName(taken: string, avoid: readonly string[] = []): string {
  const folded = new Set(avoid.map((n) => n.toLowerCase()));
  folded.add(taken.toLowerCase());
  const base = taken.replace(/-\d+$/, '');
  for (let n = 2; n < 1000; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, 32 - suffix.length)}${suffix}`;
    if (!folded.has(candidate.toLowerCase())) return candidate;
  }
  return `${base.slice(0, 27)}-${Date.now() % 10_000}`;
}

/** A random key of CHAT_TAB_KEY_CHARS URL-safe characters (getRandomValues: any context). */
export function newTabKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array((CHAT_TAB_KEY_CHARS * 3) / 4));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function parseIdentity(raw: string | null): TabIdentity | undefined {
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as { key?: unknown; name?: unknown };
    if (typeof value.key !== 'string' || !/^[A-Za-z0-9_-]{8,}$/.test(value.key)) return undefined;
    if (value.key.length > CHAT_KEY_MAX_CHARS) return undefined;
    const name = typeof value.name === 'string' ? normaliseChatName(value.name) : null;
    return { key: value.key, name };
  } catch {
    return undefined;
  }
}

function safeGet(storage: StorageLike | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function safeSet(storage: StorageLike | undefined, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // Storage may be disabled (private mode): the identity then lasts for this page only.
  }
}
