import { CollapsedText } from './collapsed-text.js';
import { decodeEntities } from './html-entities.js';

/** Elements whose content is never shown as text. */
const HIDDEN = new Set(['script', 'style', 'title', 'template', 'noscript', 'xml']);
/** Elements that separate words: their tags become a space, other tags disappear ("he<b>ll</b>o" stays one word). */
const BREAKING = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'img', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'body', 'html', 'center', 'button',
]);

/**
 * The visible text of an HTML document, whitespace collapsed, at most `limit` characters:
 * tags, comments, scripts and styles removed, entities decoded. One linear pass that stops as
 * soon as enough text is collected; hostile markup (unclosed tags, quotes, comments) only ends it early.
 */
export function htmlToText(html: string, limit: number): string {
  const text = new CollapsedText(limit);
  let i = 0;
  const n = html.length;
  while (i < n && !text.full) {
    const lt = html.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    addText(text, html, i, textEnd);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    const first = html.charCodeAt(lt + 1);
    if (first === 0x21 /* ! */ || first === 0x3f /* ? */) {
      const end = html.indexOf('>', lt + 2);
      i = end < 0 ? n : end + 1;
      continue;
    }
    const closing = first === 0x2f; /* / */
    const nameStart = lt + (closing ? 2 : 1);
    let nameEnd = nameStart;
    while (nameEnd < n && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
    if (nameEnd === nameStart || !isLetter(html.charCodeAt(nameStart))) {
      text.add('<'); // not a tag: a literal "<" in the text
      i = lt + 1;
      continue;
    }
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    const tagEnd = findTagEnd(html, nameEnd);
    i = tagEnd + 1;
    if (BREAKING.has(name)) text.space();
    if (!closing && HIDDEN.has(name)) {
      const closeTag = new RegExp('</' + name, 'gi');
      closeTag.lastIndex = i;
      const close = closeTag.exec(html);
      i = close ? findTagEnd(html, close.index + close[0].length) + 1 : n;
      text.space();
    }
  }
  return text.toString();
}

/** Text between tags, decoded a slice at a time so that a huge text run is only read as far as needed. */
function addText(text: CollapsedText, html: string, start: number, end: number): void {
  const SLICE = 4096;
  let from = start;
  while (from < end && !text.full) {
    let to = Math.min(end, from + SLICE);
    if (to < end) {
      // Do not cut an entity in two.
      const amp = html.lastIndexOf('&', to);
      if (amp > from && to - amp < 40) to = amp;
    }
    text.add(decodeEntities(html.slice(from, to)));
    from = to;
  }
}

/**
 * Index of the ">" ending a tag whose attributes start at `from`, or the last index. As in a
 * browser, a quote only opens an attribute value right after "=", and a ">" inside one is skipped.
 */
function findTagEnd(html: string, from: number): number {
  let quote = 0;
  let afterEquals = false;
  for (let j = from; j < html.length; j++) {
    const c = html.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x3e) {
      return j;
    } else if ((c === 0x22 || c === 0x27) && afterEquals) {
      quote = c;
    }
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) afterEquals = !quote && c === 0x3d;
  }
  return html.length - 1;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x3a || c === 0x5f;
}
