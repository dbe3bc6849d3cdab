'use client';

import { useEffect, useState } from 'react';
import { type DashboardView, viewFromSearch } from '../components/dashboard-link';

/** Fired on window by {@link openView} after it changed the URL (same as a back/forward). */
const VIEW_CHANGE_EVENT = 'popstate';

/** The dashboard view in the page URL (`?range=`, `from`/`to`, `widget`), following history. */
export function usePageView(): DashboardView | undefined {
  const [view, setView] = useState<DashboardView | undefined>(undefined);
  useEffect(() => {
    const read = () => setView(viewFromSearch(window.location.search));
    read();
    window.addEventListener(VIEW_CHANGE_EVENT, read);
    return () => window.removeEventListener(VIEW_CHANGE_EVENT, read);
  }, []);
  return view;
}

/**
 * Opens a dashboard view in this tab without a reload: pushes the URL and sends a `popstate`
 * event, which every part of the page that reads the URL listens to.
 */
export function openView(href: string): void {
  window.history.pushState({ href }, '', href);
  window.dispatchEvent(new PopStateEvent(VIEW_CHANGE_EVENT, { state: { href } }));
}
