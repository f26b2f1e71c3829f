/**
 * A small, linear HTML tokenizer: enough to find hrefs and visible text in hostile mail HTML
 * without a DOM. Attribute values and text come back undecoded (see html-entities.ts).
 */

export type HtmlToken =
  | { type: 'text'; text: string }
  /** The content of script, style, title, textarea and the like: text, never markup. */
  | { type: 'raw'; name: string; text: string }
  | { type: 'start'; name: string; attributes: Map<string, string> }
  | { type: 'end'; name: string };

const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);

export function* scanHtml(html: string): Generator<HtmlToken> {
  let i = 0;
  let textStart = 0;
  const n = html.length;
  function* flushText(end: number): Generator<HtmlToken> {
    if (end > textStart) yield { type: 'text', text: html.slice(textStart, end) };
  }
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1) break;
    const next = html[lt + 1] ?? '';
    if (html.startsWith('<!--', lt)) {
      yield* flushText(lt);
      const close = html.indexOf('-->', lt + 4);
      i = textStart = close === -1 ? n : close + 3;
    } else if (next === '!' || next === '?') {
      yield* flushText(lt);
      const close = html.indexOf('>', lt + 2);
      i = textStart = close === -1 ? n : close + 1;
    } else if (next === '/' && isLetter(html[lt + 2])) {
      yield* flushText(lt);
      const { name, end } = readName(html, lt + 2);
      const close = html.indexOf('>', end);
      i = textStart = close === -1 ? n : close + 1;
      yield { type: 'end', name };
    } else if (isLetter(next)) {
      yield* flushText(lt);
      const tag = readStartTag(html, lt + 1);
      yield { type: 'start', name: tag.name, attributes: tag.attributes };
      i = textStart = tag.end;
      if (RAW_TEXT.has(tag.name)) {
        const closing = new RegExp(`</${tag.name}(?=[\\s/>]|$)`, 'ig');
        closing.lastIndex = i;
        const found = closing.exec(html);
        const contentEnd = found ? found.index : n;
        yield { type: 'raw', name: tag.name, text: html.slice(i, contentEnd) };
        i = textStart = contentEnd;
      }
    } else {
      i = lt + 1;
    }
  }
  yield* flushText(n);
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
}

function readName(html: string, start: number): { name: string; end: number } {
  let end = start;
  while (end < html.length && !isSpace(html[end]) && html[end] !== '/' && html[end] !== '>') end++;
  return { name: html.slice(start, end).toLowerCase(), end };
}

function readStartTag(html: string, start: number): { name: string; attributes: Map<string, string>; end: number } {
  const { name, end: nameEnd } = readName(html, start);
  const attributes = new Map<string, string>();
  const n = html.length;
  let i = nameEnd;
  for (;;) {
    while (i < n && (isSpace(html[i]) || html[i] === '/')) i++;
    if (i >= n) return { name, attributes, end: n };
    if (html[i] === '>') return { name, attributes, end: i + 1 };
    const attrStart = i;
    i++; // A first '=' belongs to the name, as in browsers.
    while (i < n && !isSpace(html[i]) && html[i] !== '/' && html[i] !== '>' && html[i] !== '=') i++;
    const attrName = html.slice(attrStart, i).toLowerCase();
    let j = i;
    while (j < n && isSpace(html[j])) j++;
    let value = '';
    if (html[j] === '=') {
      j++;
      while (j < n && isSpace(html[j])) j++;
      const quote = html[j];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, j + 1);
        value = html.slice(j + 1, close === -1 ? n : close);
        j = close === -1 ? n : close + 1;
      } else {
        const valueStart = j;
        while (j < n && !isSpace(html[j]) && html[j] !== '>') j++;
        value = html.slice(valueStart, j);
      }
      i = j;
    }
    // The first occurrence of an attribute wins, as in browsers.
    if (!attributes.has(attrName)) attributes.set(attrName, value);
  }
}
