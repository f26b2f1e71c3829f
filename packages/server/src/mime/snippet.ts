import { CollapsedText, cutText } from './collapsed-text.js';
import { htmlToText } from './html-text.js';

export const SNIPPET_LENGTH = 250;
/** Search looks at the first 8 KiB characters of a body: enough for any code, link or phrase a
 *  test asserts on, without keeping whole newsletters in memory for 50,000 messages. */
export const SEARCH_TEXT_LENGTH = 8192;

/**
 * The Mailpit-style snippet (the text body, else the HTML body as text, whitespace collapsed to
 * single spaces, trimmed, at most 250 characters) and the searchable text (see
 * Summary.searchText), from one pass over the body: the snippet is the start of the same text.
 */
export function bodyTexts(text: string, html: string): { snippet: string; searchText: string } {
  const fromText = new CollapsedText(SEARCH_TEXT_LENGTH);
  fromText.add(text);
  const body = fromText.toString() || htmlToText(html, SEARCH_TEXT_LENGTH);
  return { snippet: cutText(body, SNIPPET_LENGTH), searchText: body.toLowerCase() };
}
