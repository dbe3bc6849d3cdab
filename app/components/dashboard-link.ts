import {
  BOARD_SLUG_PATTERN,
  DEFAULT_BOARD,
  RANGE_BOUND_MAX_DIGITS,
  WIDGET_ID_PATTERN,
} from '@/lib/protocol';
import { DEFAULT_RANGE_PRESET, RANGE_PRESETS, type RangePreset } from '../client/time-range';

/** The page's time ranges (`?range=`): the range picker's presets; `5m` is the default view. */
export const DASHBOARD_RANGES = RANGE_PRESETS;
export type DashboardRange = RangePreset;
export const DEFAULT_RANGE: DashboardRange = DEFAULT_RANGE_PRESET;
/** Most digits of a `from`/`to` millisecond timestamp in a link: as `GET /api/range` takes them. */
export const LINK_TS_MAX_DIGITS = RANGE_BOUND_MAX_DIGITS;

/**
 * A view of the dashboard: a named range or a custom `from`..`to`, optionally one widget, on a
 * board (`/b/<slug>`; none: the default board at `/`).
 */
export type DashboardView = (
  | { range: DashboardRange; widget?: string }
  | { from: number; to: number; widget?: string }
) & { board?: string };

/** The path of a board's page: `/` for the default board, `/b/<slug>` for the others. */
export function boardPath(board: string | undefined): string {
  return board === undefined || board === DEFAULT_BOARD.slug ? '/' : `/b/${board}`;
}

/** `/b/<slug>?` at the start of a link: the board's slug and where the query starts. */
const BOARD_LINK = /^\/b\/([a-z0-9-]{1,48})\?/;

const LINK_PARAMS = new Set(['range', 'from', 'to', 'widget']);
const TS_PATTERN = new RegExp(`^\\d{1,${LINK_TS_MAX_DIGITS}}$`);

/**
 * Parses a same-origin dashboard link: exactly `/?` (the default board) or `/b/<slug>?` (a
 * board) followed only by `range`, `from`, `to` and `widget` with valid values (each at most
 * once; `range` or both `from` and `to`). Anything else (another path, a scheme, `//host`, a
 * fragment, an unknown or repeated parameter, an invalid value) is not a dashboard link: null.
 */
export function parseDashboardLink(text: string): DashboardView | null {
  if (text.length > 512) return null;
  const onBoard = BOARD_LINK.exec(text);
  if (!text.startsWith('/?') && !onBoard) return null;
  const board = onBoard?.[1];
  if (board !== undefined && !BOARD_SLUG_PATTERN.test(board)) return null;
  const view = parseViewQuery(text.slice(onBoard ? onBoard[0].length : 2));
  return view && board !== undefined && board !== DEFAULT_BOARD.slug ? { ...view, board } : view;
}

function parseViewQuery(query: string): DashboardView | null {
  if (query === '' || /[^A-Za-z0-9_.:=&-]/.test(query)) return null;
  const values = new Map<string, string>();
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return null;
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (!LINK_PARAMS.has(key) || values.has(key) || value === '') return null;
    values.set(key, value);
  }
  const widget = values.get('widget');
  if (widget !== undefined && !WIDGET_ID_PATTERN.test(widget)) return null;
  const extra = widget === undefined ? {} : { widget };
  const range = values.get('range');
  const from = values.get('from');
  const to = values.get('to');
  if (range !== undefined) {
    if (from !== undefined || to !== undefined) return null;
    if (!(DASHBOARD_RANGES as readonly string[]).includes(range)) return null;
    return { range: range as DashboardRange, ...extra };
  }
  if (from === undefined && to === undefined) return null;
  if (from === undefined || to === undefined || !TS_PATTERN.test(from) || !TS_PATTERN.test(to))
    return null;
  const f = Number(from);
  const t = Number(to);
  if (f >= t) return null;
  return { from: f, to: t, ...extra };
}

/** The canonical link of a view (what is shared, and the `href` the chat renders). */
export function dashboardHref(view: DashboardView): string {
  const params = 'range' in view ? `range=${view.range}` : `from=${view.from}&to=${view.to}`;
  return `${boardPath(view.board)}?${params}${view.widget === undefined ? '' : `&widget=${view.widget}`}`;
}

export type TextPart = { text: string } | { text: string; href: string };

/** Splits message text at whitespace; tokens that are dashboard links carry their canonical href. */
export function splitDashboardLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let plain = '';
  for (const token of text.split(/(\s+)/)) {
    const view =
      token.startsWith('/?') || token.startsWith('/b/') ? parseDashboardLink(token) : null;
    if (view) {
      if (plain) parts.push({ text: plain });
      plain = '';
      parts.push({ text: token, href: dashboardHref(view) });
    } else {
      plain += token;
    }
  }
  if (plain) parts.push({ text: plain });
  return parts;
}

/** The view in a page query string (`location.search`); invalid parts fall back to the default range. */
export function viewFromSearch(search: string): DashboardView {
  const params = new URLSearchParams(search);
  const widgetParam = params.get('widget');
  const widget =
    widgetParam !== null && WIDGET_ID_PATTERN.test(widgetParam) ? { widget: widgetParam } : {};
  const range = params.get('range');
  if (range !== null && (DASHBOARD_RANGES as readonly string[]).includes(range))
    return { range: range as DashboardRange, ...widget };
  const from = params.get('from');
  const to = params.get('to');
  if (from !== null && to !== null && TS_PATTERN.test(from) && TS_PATTERN.test(to)) {
    if (Number(from) < Number(to)) return { from: Number(from), to: Number(to), ...widget };
  }
  return { range: DEFAULT_RANGE, ...widget };
}

/** "last 1h" or "12:00:00 to 13:00:00" for a share message. */
export function describeRange(view: DashboardView): string {
  if ('range' in view) return `last ${view.range}`;
  return `${new Date(view.from).toISOString()} to ${new Date(view.to).toISOString()}`;
}
