'use client';

import { useEffect, useSyncExternalStore } from 'react';
import type { PauseState } from '../client/pause-state';

/** The key that pauses and resumes (ignored while typing in a field). */
export const PAUSE_KEY = 'p';

/** Whether a key press was meant for a text field, not for the page. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/**
 * Pauses every chart (the stream keeps running into the stores) and resumes them; while paused
 * it reads "Resume (N new)". The key `p` does the same.
 */
export function PauseButton({ pause }: { pause: PauseState }) {
  const state = useSyncExternalStore(pause.subscribe, pause.get, pause.get);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== PAUSE_KEY || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      pause.toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pause]);
  return (
    <button
      type="button"
      className="pause-button"
      aria-pressed={state.paused}
      aria-keyshortcuts="p"
      data-testid="pause-button"
      data-new-samples={state.newSamples}
      onClick={pause.toggle}
    >
      {state.paused ? `Resume (${state.newSamples} new)` : 'Pause'}
    </button>
  );
}
