/** Window event fired after the theme toggle changed `<html data-theme>`. */
export const THEME_CHANGE_EVENT = 'pulseboard:themechange';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/**
 * Calls `listener` whenever the colours on screen may have changed: the toggle was used or the
 * system setting flipped. Returns the unsubscribe function. Browser only.
 */
export function onThemeChange(listener: () => void): () => void {
  const media = window.matchMedia(DARK_QUERY);
  window.addEventListener(THEME_CHANGE_EVENT, listener);
  media.addEventListener('change', listener);
  return () => {
    window.removeEventListener(THEME_CHANGE_EVENT, listener);
    media.removeEventListener('change', listener);
  };
}
