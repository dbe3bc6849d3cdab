'use client';

/**
 * How far outside the viewport an element still counts as on screen, as an IntersectionObserver
 * root margin: one viewport height above and below, so a chart scrolled into view is already
 * drawn, while a board of 200 panels draws only the few screens around the one being read.
 */
export const ON_SCREEN_MARGIN = '100% 0px';

type Watcher = (onScreen: boolean) => void;

const watchers = new Map<Element, Watcher>();
let observer: IntersectionObserver | undefined;

/**
 * Calls `onChange` whenever `element` comes within ON_SCREEN_MARGIN of the viewport or leaves
 * it (first call soon after watching starts). One IntersectionObserver serves every element.
 * Where IntersectionObserver does not exist, the element counts as on screen at once. Returns
 * the function that stops watching.
 */
export function watchOnScreen(element: Element, onChange: Watcher): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    onChange(true);
    return () => {};
  }
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) watchers.get(entry.target)?.(entry.isIntersecting);
    },
    { rootMargin: ON_SCREEN_MARGIN },
  );
  watchers.set(element, onChange);
  observer.observe(element);
  return () => {
    watchers.delete(element);
    observer?.unobserve(element);
  };
}
