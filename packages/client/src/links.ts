/** Every http(s) link in a message: the HTML's hrefs, then the URLs written in its text. */
import { decodeEntities } from './html-entities.js';
import { scanHtml } from './html-scan.js';

/** The parts of a message links are read from (a `Message` has both). */
export interface MessageBodies {
  Text?: string;
  HTML?: string;
}

/** De-duplicated, in order of appearance: HTML `<a>`/`<area>` hrefs first, then the text's URLs. */
export function extractLinks(message: MessageBodies): string[] {
  const links = new Set<string>();
  for (const href of htmlHrefs(message.HTML ?? '')) links.add(href);
  for (const url of textUrls(message.Text ?? '')) links.add(url);
  return [...links];
}

function htmlHrefs(html: string): string[] {
  const found: string[] = [];
  for (const token of scanHtml(html)) {
    if (token.type !== 'start' || (token.name !== 'a' && token.name !== 'area')) continue;
    const href = token.attributes.get('href');
    if (href === undefined) continue;
    // What a browser does to an href before resolving it: decode, trim, drop tabs and newlines.
    const url = decodeEntities(href, true).replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
    if (isHttpUrl(url)) found.push(url);
  }
  return found;
}

const TEXT_URL = /\bhttps?:\/\/[^\s<>"\u00a0]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'"*_~]$/;
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** URLs written in plain text, without the punctuation of the sentence around them. */
function textUrls(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(TEXT_URL)) {
    const url = match[0];
    const counts = new Map<string, number>();
    for (const char of url) if (char in CLOSERS || '([{'.includes(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
    let end = url.length;
    for (;;) {
      const last = url[end - 1]!;
      const opener = CLOSERS[last];
      // A closing bracket stays when it closes one opened inside the URL: /wiki/Foo_(bar).
      const unbalanced = opener !== undefined && (counts.get(opener) ?? 0) < (counts.get(last) ?? 0);
      if (!TRAILING_PUNCTUATION.test(last) && !unbalanced) break;
      if (opener !== undefined) counts.set(last, counts.get(last)! - 1);
      end--;
    }
    const trimmed = url.slice(0, end);
    if (isHttpUrl(trimmed)) found.push(trimmed);
  }
  return found;
}

function isHttpUrl(candidate: string): boolean {
  if (!/^https?:\/\//i.test(candidate)) return false;
  try {
    return new URL(candidate).hostname !== '';
  } catch {
    return false;
  }
}
