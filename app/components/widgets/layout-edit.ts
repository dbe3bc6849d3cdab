import type { Widget } from '@/lib/protocol';

/** How a control changes the board: a function of the current widgets, saved by the page's editor. */
export type LayoutEdit = (change: (widgets: Widget[]) => Widget[]) => void;
