/** The one-time code in a message: the first run of digits that stands alone in its text. */
import { htmlToText } from './html-text.js';
import type { MessageBodies } from './links.js';

export interface OneTimeCodeOptions {
  /** How many digits the code has: exactly `n`, or `[min, max]`. Default `[4, 8]`. */
  digits?: number | [min: number, max: number];
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}_]/u;
const LETTER = /\p{L}/u;
const DIGIT = /\p{N}/u;
/** Characters that glue digit groups into one number: 2024-05-01, 10:30, 1,234.50, 555 123 4567. */
const NUMBER_GLUE = new Set(['-', '.', '/', ':', ',', ' ', '\u00a0', '\u202f', '\u2009']);
/** Characters that glue a number to a word: ABC-1234, v2/1234. */
const WORD_GLUE = new Set(['-', '/', '.']);
/** A number after one of these is a phone number, an amount or a reference, not a code. */
const PREFIXES = new Set(['+', '#', '$', '€', '£', '¥', '₹', '№']);
const SUFFIXES = new Set(['%', '€', '$', '‰']);
const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\b\\.?';
/** "May 12, " / "12 May " / "May " right before four digits: a year. */
const BEFORE_YEAR = new RegExp(`(?:\\b${MONTH}\\s+(?:\\d{1,2}(?:st|nd|rd|th)?,?\\s+)?|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH},?\\s+)$`, 'i');
/** "(555) " right before digits: the rest of a phone number. */
const AFTER_AREA_CODE = /\(\d+\)\s?$/;

/**
 * The first standalone run of digits with the wanted length, or undefined. Given a message (or
 * anything with `Text`/`HTML`), it looks in the text body first, then in the HTML's visible text.
 * Digits that belong to something else are skipped: longer numbers, dates, times, phone numbers,
 * amounts, identifiers like `ABC-1234`, and anything inside a URL or an e-mail address.
 */
export function extractOneTimeCode(source: string | MessageBodies, options: OneTimeCodeOptions = {}): string | undefined {
  const [min, max] = digitRange(options.digits);
  if (typeof source === 'string') return firstCode(source, min, max);
  return firstCode(source.Text ?? '', min, max) ?? firstCode(htmlToText(source.HTML ?? ''), min, max);
}

function digitRange(digits: OneTimeCodeOptions['digits']): [number, number] {
  const [min, max] = digits === undefined ? [4, 8] : typeof digits === 'number' ? [digits, digits] : digits;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw new RangeError(`digits must be a whole number >= 1 or [min, max] with 1 <= min <= max, got ${JSON.stringify(digits)}`);
  }
  return [min, max];
}

function firstCode(text: string, min: number, max: number): string | undefined {
  const plain = text.replace(/\S+/g, (word) => (isAddress(word) ? ' ' : word));
  for (const match of plain.matchAll(/\d+/g)) {
    const digits = match[0];
    if (digits.length < min || digits.length > max) continue;
    if (standsAlone(plain, match.index, match.index + digits.length)) return digits;
  }
  return undefined;
}

/** URLs and e-mail addresses are full of digits that are not codes. */
function isAddress(word: string): boolean {
  return word.includes('://') || word.includes('@') || /^(?:\W*)www\./i.test(word);
}

function standsAlone(text: string, start: number, end: number): boolean {
  const before = text[start - 1] ?? '';
  const after = text[end] ?? '';
  if (LETTER_OR_DIGIT.test(before) || LETTER_OR_DIGIT.test(after)) return false;
  if (PREFIXES.has(before) || SUFFIXES.has(after)) return false;
  const beforeGlued = text[start - 2] ?? '';
  const afterGlued = text[end + 1] ?? '';
  if (NUMBER_GLUE.has(before) && DIGIT.test(beforeGlued)) return false;
  if (NUMBER_GLUE.has(after) && DIGIT.test(afterGlued)) return false;
  if (WORD_GLUE.has(before) && LETTER.test(beforeGlued)) return false;
  if (WORD_GLUE.has(after) && after !== '.' && LETTER.test(afterGlued)) return false;
  const lead = text.slice(Math.max(0, start - 24), start);
  if (end - start === 4 && BEFORE_YEAR.test(lead)) return false;
  if (AFTER_AREA_CODE.test(lead)) return false;
  return true;
}
