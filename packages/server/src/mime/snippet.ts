import { CollapsedText } from './collapsed-text.js';
import { htmlToText } from './html-text.js';

export const SNIPPET_LENGTH = 250;

/**
 * Mailpit-style snippet: the text body, else the HTML body as text, whitespace collapsed to single
 * spaces, trimmed, at most 250 characters.
 */
export function makeSnippet(text: string, html: string): string {
  const fromText = new CollapsedText(SNIPPET_LENGTH);
  fromText.add(text);
  const snippet = fromText.toString();
  return snippet || htmlToText(html, SNIPPET_LENGTH);
}
