'use client';

import { useId, useState } from 'react';
import { THEME_CHOICES, type ThemeChoice, themeAttribute, themeCookie } from './theme-choice';
import { THEME_CHANGE_EVENT } from './theme-events';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/**
 * System / Light / Dark. The choice is applied at once (`<html data-theme>`) and kept in the
 * `pulseboard_theme` cookie, which the server layout reads on the next load. `initial` is the
 * choice the server saw in that cookie.
 */
export function ThemeToggle({ initial }: { initial: ThemeChoice }) {
  const selectId = useId();
  const [choice, setChoice] = useState(initial);

  const choose = (next: ThemeChoice) => {
    setChoice(next);
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in older Safari and Firefox; the value is built by themeCookie from a closed set
    document.cookie = themeCookie(next, window.location.protocol === 'https:');
    const attribute = themeAttribute(next);
    if (attribute) document.documentElement.dataset.theme = attribute;
    else delete document.documentElement.dataset.theme;
    window.dispatchEvent(new Event(THEME_CHANGE_EVENT));
  };

  return (
    <div className="theme-toggle">
      <label htmlFor={selectId}>Theme</label>
      <select
        id={selectId}
        data-testid="theme-toggle"
        value={choice}
        onChange={(e) => choose(e.target.value as ThemeChoice)}
      >
        {THEME_CHOICES.map((c) => (
          <option key={c} value={c}>
            {LABELS[c]}
          </option>
        ))}
      </select>
    </div>
  );
}
