import type { Widget } from '@/lib/protocol';
import { dashboardHref, describeRange, viewFromSearch } from './dashboard-link';

/**
 * The chat message that shares a widget of `board` (default: the default board) at the page's
 * current range (read from the URL query, default 5m): e.g.
 * `📈 cpu.percent (last 1h): /?range=1h&widget=w-cpu`, `/b/payments?range=1h&widget=w-cpu`.
 */
export function shareText(widget: Widget, search: string, board?: string): string {
  const { widget: _ignored, ...range } = viewFromSearch(search);
  const view = { ...range, widget: widget.id, ...(board === undefined ? {} : { board }) };
  return `📈 ${widget.series} (${describeRange(view)}): ${dashboardHref(view)}`;
}
