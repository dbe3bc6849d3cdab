import { describe, expect, it } from 'vitest';
import {
  parseThemeChoice,
  THEME_COOKIE_MAX_AGE_S,
  themeAttribute,
  themeCookie,
} from './theme-choice';

describe('parseThemeChoice', () => {
  it.each([
    ['light', 'light'],
    ['dark', 'dark'],
    ['system', 'system'],
    [undefined, 'system'],
    ['', 'system'],
    ['Dark', 'system'],
    ['<script>', 'system'],
  ] as const)('reads %j as %s', (value, expected) => {
    expect(parseThemeChoice(value)).toBe(expected);
  });
});

describe('themeCookie', () => {
  it('keeps light or dark for a year, for the whole site, SameSite=Lax', () => {
    expect(themeCookie('dark', false)).toBe(
      `pulseboard_theme=dark; Path=/; Max-Age=${THEME_COOKIE_MAX_AGE_S}; SameSite=Lax`,
    );
    expect(THEME_COOKIE_MAX_AGE_S).toBe(31_536_000);
  });

  it('deletes the cookie for system', () => {
    expect(themeCookie('system', false)).toBe('pulseboard_theme=; Path=/; Max-Age=0; SameSite=Lax');
  });

  it('adds Secure over HTTPS', () => {
    expect(themeCookie('light', true)).toMatch(/; Secure$/);
  });
});

describe('themeAttribute', () => {
  it('stamps only an explicit choice', () => {
    expect(themeAttribute('light')).toBe('light');
    expect(themeAttribute('dark')).toBe('dark');
    expect(themeAttribute('system')).toBeUndefined();
  });
});
