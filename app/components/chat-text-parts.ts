import { splitDashboardLinks } from './dashboard-link';

/**
 * The parts a chat message's text is shown as: plain text, a same-origin dashboard link (opens
 * the view in this tab), an external link (http and https only, shown exactly as written), or a
 * mention of the reader (`@name`). Anything else, `javascript:` and `data:` URLs included, stays
 * plain text.
 */
export type ChatTextPart =
  | { kind: 'text'; text: string }
  | { kind: 'dashboard'; text: string; href: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; text: string };

// A URL runs to the next space or angle bracket/quote; trailing punctuation is left out of it.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/** Splits `text` into parts; `self` (the reader's name) turns `@self` into mentions. */
export function chatTextParts(text: string, self: string | undefined): ChatTextPart[] {
  const parts: ChatTextPart[] = [];
  for (const part of splitDashboardLinks(text)) {
    if ('href' in part) parts.push({ kind: 'dashboard', text: part.text, href: part.href });
    else for (const piece of splitLinks(part.text)) parts.push(...splitMention(piece, self));
  }
  return parts;
}

/** Whether `text` mentions `self` (`@self`, any case, not followed by a letter or digit). */
export function mentions(text: string, self: string | undefined): boolean {
  return self !== undefined && self !== '' && mentionPattern(self).test(text);
}

function splitLinks(text: string): (ChatTextPart & { kind: 'text' | 'link' })[] {
  const parts: (ChatTextPart & { kind: 'text' | 'link' })[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const start = match.index;
    if (!isHttpUrl(url)) continue;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

function isHttpUrl(candidate: string): boolean {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function splitMention(part: ChatTextPart, self: string | undefined): ChatTextPart[] {
  if (part.kind !== 'text' || !self) return [part];
  const pattern = new RegExp(mentionPattern(self).source, 'giu');
  const parts: ChatTextPart[] = [];
  let last = 0;
  for (const match of part.text.matchAll(pattern)) {
    if (match.index > last) parts.push({ kind: 'text', text: part.text.slice(last, match.index) });
    parts.push({ kind: 'mention', text: match[0] });
    last = match.index + match[0].length;
  }
  if (last < part.text.length) parts.push({ kind: 'text', text: part.text.slice(last) });
  return parts;
}

function mentionPattern(self: string): RegExp {
  const escaped = self.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`@${escaped}(?![\\p{L}\\p{N}_-])`, 'iu');
}
