import { CollapsedText } from './collapsed-text.js';
import { htmlToText } from './html-text.js';

export const SNIPPET_LENGTH = 250;
/** Search looks at the first 8 KiB characters of a body: enough for any code, link or phrase a
 *  test asserts on, without keeping whole newsletters in memory for 50,000 messages. */
export const SEARCH_TEXT_LENGTH = 8192;

/**
 * Mailpit-style snippet: the text body, else the HTML body as text, whitespace collapsed to single
 * spaces, trimmed, at most 250 characters.
 */
export function makeSnippet(text: string, html: string): string {
  return bodyText(text, html, SNIPPET_LENGTH);
}

/** The body as lower-case searchable text (see Summary.searchText). */
export function makeSearchText(text: string, html: string): string {
  return bodyText(text, html, SEARCH_TEXT_LENGTH).toLowerCase();
}

function bodyText(text: string, html: string, limit: number): string {
  const fromText = new CollapsedText(limit);
  fromText.add(text);
  return fromText.toString() || htmlToText(html, limit);
}
