'use client';

import { useEffect } from 'react';

/** How long the page looks for the widget named by `?widget=` (widgets appear as data arrives), in ms. */
export const WIDGET_HIGHLIGHT_WAIT_MS = 10_000;

/** The element of widget `id`: `[data-widget-id]` (layout widgets), else the series' default widget. */
function findWidget(id: string): HTMLElement | null {
  for (const element of document.querySelectorAll<HTMLElement>('[data-widget-id]')) {
    if (element.dataset.widgetId === id) return element;
  }
  for (const element of document.querySelectorAll<HTMLElement>('[data-testid^="widget-"]')) {
    if (element.dataset.testid === `widget-${id}`) return element;
  }
  return null;
}

/**
 * Scrolls to the widget named by `?widget=<id>` and marks it `data-highlighted="true"` (the
 * target of a shared dashboard link); re-applied on every history navigation. `rangeKey`
 * changes when the grid is rebuilt.
 */
export function useWidgetHighlight(rangeKey: string): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new range rebuilds the grid
  useEffect(() => {
    let observer: MutationObserver | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      observer?.disconnect();
      observer = undefined;
      clearTimeout(timer);
    };
    const apply = () => {
      stop();
      for (const old of document.querySelectorAll<HTMLElement>('[data-highlighted]')) {
        delete old.dataset.highlighted;
      }
      const id = new URLSearchParams(window.location.search).get('widget');
      if (!id) return;
      const mark = (): boolean => {
        const element = findWidget(id);
        if (!element) return false;
        element.dataset.highlighted = 'true';
        element.scrollIntoView({ block: 'center' });
        return true;
      };
      if (mark()) return;
      observer = new MutationObserver(() => {
        if (mark()) stop();
      });
      observer.observe(document.body, { childList: true, subtree: true });
      timer = setTimeout(stop, WIDGET_HIGHLIGHT_WAIT_MS);
    };
    apply();
    window.addEventListener('popstate', apply);
    return () => {
      stop();
      window.removeEventListener('popstate', apply);
    };
  }, [rangeKey]);
}
