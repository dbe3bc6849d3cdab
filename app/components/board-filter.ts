import type { Widget } from '@/lib/protocol';
import { widgetSeries } from './layout-model';

/**
 * Whether `widget` matches the board filter `text`: every word of it (case-insensitive) is in
 * the widget's title, one of its series keys or display names, its section or its unit. An
 * empty filter matches everything.
 */
export function matchesBoardFilter(widget: Widget, text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    widget.title ?? '',
    ...widgetSeries(widget),
    ...(widget.names ?? []),
    widget.section ?? '',
    widget.unit ?? '',
  ]
    .join('\n')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}
