/**
 * "Safe display text": the one rule for every text a person chooses and others see (chat and
 * login display names, metric units). Right-to-left scripts, accents and emoji are welcome;
 * what is refused is what can hide, reorder or break the text around it in a list, a log line
 * or a chart label. See docs/protocol.md#safe-display-text.
 */

/** A refused character: its code point and its 1-based position in code points. */
export type UnsafeChar = { codePoint: number; position: number; kind: UnsafeCharKind };

export type UnsafeCharKind =
  | 'a control character'
  | 'a bidi control'
  | 'a line or paragraph separator'
  | 'an invisible format character'
  | 'a lone surrogate'
  | 'a noncharacter'
  | 'a joiner outside an emoji or a joining script';

// Controls (Cc), format characters (Cf: soft hyphen, zero-width and bidi controls, tags, BOM),
// separators (Zl, Zp), lone surrogates (Cs) and the other default-ignorable characters
// (Hangul fillers, the combining grapheme joiner) that render as nothing.
const UNSAFE =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/u;
/** Variation selectors pick a glyph (emoji or text style, CJK variants): kept. */
const VARIATION_SELECTOR = /[\u180b-\u180d\u180f\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const ZWNJ = 0x200c;
const ZWJ = 0x200d;
/** Before a zero-width joiner in an emoji sequence (👩‍💻, 🏳️‍🌈, 🧑🏽‍💻). */
const EMOJI_BEFORE_ZWJ = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\ufe0f/u;
const EMOJI = /\p{Extended_Pictographic}/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
/** Scripts that never need a zero-width non-joiner: one there only hides a difference. */
const NO_JOINER_SCRIPT = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
/** At least one of these must be present: text made only of marks or spaces shows nothing. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** Names of the characters people actually meet, for the error message. */
const NAMES: Record<number, string> = {
  0: 'NULL',
  9: 'CHARACTER TABULATION',
  10: 'LINE FEED',
  13: 'CARRIAGE RETURN',
  27: 'ESCAPE',
  127: 'DELETE',
  133: 'NEXT LINE',
  173: 'SOFT HYPHEN',
  847: 'COMBINING GRAPHEME JOINER',
  1564: 'ARABIC LETTER MARK',
  8203: 'ZERO WIDTH SPACE',
  8204: 'ZERO WIDTH NON-JOINER',
  8205: 'ZERO WIDTH JOINER',
  8206: 'LEFT-TO-RIGHT MARK',
  8207: 'RIGHT-TO-LEFT MARK',
  8232: 'LINE SEPARATOR',
  8233: 'PARAGRAPH SEPARATOR',
  8234: 'LEFT-TO-RIGHT EMBEDDING',
  8235: 'RIGHT-TO-LEFT EMBEDDING',
  8236: 'POP DIRECTIONAL FORMATTING',
  8237: 'LEFT-TO-RIGHT OVERRIDE',
  8238: 'RIGHT-TO-LEFT OVERRIDE',
  8288: 'WORD JOINER',
  8294: 'LEFT-TO-RIGHT ISOLATE',
  8295: 'RIGHT-TO-LEFT ISOLATE',
  8296: 'FIRST STRONG ISOLATE',
  8297: 'POP DIRECTIONAL ISOLATE',
  12644: 'HANGUL FILLER',
  65279: 'ZERO WIDTH NO-BREAK SPACE',
};

/**
 * The first character of `text` that safe display text refuses, or undefined. Refused: every
 * control (Cc: NUL, tab, newline, ESC, DEL, C1), format character (Cf: soft hyphen U+00AD,
 * zero-width space and marks U+200B-U+200F, bidi embeddings, overrides and isolates
 * U+202A-U+202E and U+2066-U+2069, word joiner, BOM, tags), line and paragraph separator
 * (U+2028, U+2029), lone surrogate, noncharacter and other default-ignorable character (Hangul
 * fillers). Variation selectors are kept. The joiners U+200C and U+200D are kept only where they
 * change how text renders: U+200D inside an emoji sequence or after a combining mark (Indic
 * half forms), U+200C between two letters of a script that uses it (Persian, Indic).
 */
export function findUnsafeChar(text: string): UnsafeChar | undefined {
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] as string;
    if (!UNSAFE.test(char) || VARIATION_SELECTOR.test(char)) continue;
    const codePoint = char.codePointAt(0) as number;
    if (
      (codePoint === ZWJ || codePoint === ZWNJ) &&
      joinerFits(codePoint, chars[i - 1], chars[i + 1])
    ) {
      continue;
    }
    return { codePoint, position: i + 1, kind: kindOf(char, codePoint) };
  }
  return undefined;
}

/** `U+202E RIGHT-TO-LEFT OVERRIDE (a bidi control) at character 3`. */
export function describeUnsafeChar(found: UnsafeChar): string {
  const hex = found.codePoint.toString(16).toUpperCase().padStart(4, '0');
  const name = NAMES[found.codePoint];
  return `U+${hex}${name ? ` ${name}` : ''} (${found.kind}) at character ${found.position}`;
}

/**
 * Why `text` is not safe display text (a sentence naming the first refused character by its
 * code point, or saying that nothing in it is visible), or undefined when it is.
 */
export function displayTextProblem(text: string): string | undefined {
  const found = findUnsafeChar(text);
  if (found) return `${describeUnsafeChar(found)} is not allowed`;
  if (!VISIBLE.test(text)) return 'has no visible character';
  return undefined;
}

function joinerFits(codePoint: number, before: string | undefined, after: string | undefined) {
  if (before === undefined || after === undefined) return false;
  if (codePoint === ZWJ) {
    if (EMOJI_BEFORE_ZWJ.test(before) && EMOJI.test(after)) return true;
    return /\p{M}/u.test(before) && /\p{L}/u.test(after);
  }
  return (
    LETTER_OR_MARK.test(before) &&
    LETTER_OR_MARK.test(after) &&
    !NO_JOINER_SCRIPT.test(before) &&
    !NO_JOINER_SCRIPT.test(after)
  );
}

function kindOf(char: string, codePoint: number): UnsafeCharKind {
  if (codePoint === ZWJ || codePoint === ZWNJ)
    return 'a joiner outside an emoji or a joining script';
  if (BIDI.test(char)) return 'a bidi control';
  if (/\p{Cc}/u.test(char)) return 'a control character';
  if (/[\p{Zl}\p{Zp}]/u.test(char)) return 'a line or paragraph separator';
  if (/\p{Cs}/u.test(char)) return 'a lone surrogate';
  if (/\p{Noncharacter_Code_Point}/u.test(char)) return 'a noncharacter';
  return 'an invisible format character';
}
