/** Wire types and rules of boards (`/api/boards`, `/b/<slug>`). See docs/protocol.md#boards. */

/** One board: its URL name and its display name. */
export type Board = { slug: string; name: string };

/** `GET /api/boards`. */
export type BoardList = { boards: Board[] };

/** The board at `/` (today's board): its layout is `/api/layout`'s. It cannot be deleted. */
export const DEFAULT_BOARD: Board = { slug: 'default', name: 'Default' };

/**
 * A board slug: lowercase letters, digits and single dashes, starting and ending with a letter
 * or digit, 1 to 48 characters (it sits in URLs: `/b/<slug>`, `/ws/chat?room=<slug>`).
 */
export const BOARD_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,47}$/;
/** Longest board name, in characters (code points); a name is safe display text. */
export const BOARD_NAME_MAX_CHARS = 80;
/** Most boards one server keeps, the default board included. */
export const BOARDS_MAX = 200;

/**
 * The slug a new board named `name` gets: its letters and digits, lowercased, accents removed,
 * runs of anything else as one dash, at most 48 characters; "board" when nothing is left
 * (a name in another script). The server adds `-2`, `-3`, ... when it is taken.
 */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
  return slug === '' ? 'board' : slug;
}

/** `slug` with the suffix `-n` (n >= 2), cut so the whole stays a valid slug. */
export function numberedSlug(slug: string, n: number): string {
  const suffix = `-${n}`;
  return `${slug.slice(0, 48 - suffix.length).replace(/-+$/g, '')}${suffix}`;
}
