/**
 * The page's colour theme: `system` follows `prefers-color-scheme`; `light` and `dark` override it.
 * The choice lives in a cookie so the server layout can stamp `<html data-theme>` on the first
 * byte (no flash of the wrong theme, and no inline script, which the CSP forbids).
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

/** Every choice, in the order the toggle offers them. */
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** Name of the cookie that keeps the choice. */
export const THEME_COOKIE_NAME = 'pulseboard_theme';

/** How long the choice is kept, in seconds (one year). */
export const THEME_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

/** The choice a cookie value stands for; anything missing or unknown is `system`. */
export function parseThemeChoice(value: string | undefined): ThemeChoice {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/**
 * The `document.cookie` assignment that stores `choice`: `system` deletes the cookie.
 * SameSite=Lax, whole site, Secure when the page is served over HTTPS.
 */
export function themeCookie(choice: ThemeChoice, secure: boolean): string {
  const maxAge = choice === 'system' ? 0 : THEME_COOKIE_MAX_AGE_S;
  const value = choice === 'system' ? '' : choice;
  return `${THEME_COOKIE_NAME}=${value}; Path=/; Max-Age=${maxAge}; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/** The `data-theme` attribute of `<html>` for a choice: none for `system`. */
export function themeAttribute(choice: ThemeChoice): 'light' | 'dark' | undefined {
  return choice === 'system' ? undefined : choice;
}
