/** The text a person would see in an HTML mail: no markup, scripts, styles or hidden elements. */
import { decodeEntities } from './html-entities.js';
import { scanHtml } from './html-scan.js';

/** Elements that flow inside a line: `<b>48</b>29` reads "4829", `<p>48</p><p>29</p>` does not. */
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'label',
  'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr',
]);

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** Content never shown, whatever its markup. */
const UNSEEN_RAW = new Set(['script', 'style', 'title', 'noscript', 'iframe', 'noembed', 'noframes', 'xmp']);

export function htmlToText(html: string): string {
  const out: string[] = [];
  const open: string[] = [];
  /** The depth of the outermost hidden element we are inside, or -1. */
  let hiddenAt = -1;
  for (const token of scanHtml(html)) {
    switch (token.type) {
      case 'text':
        if (hiddenAt === -1) out.push(decodeEntities(token.text).replace(/[ \t\r\n\f]+/g, ' '));
        break;
      case 'raw':
        if (hiddenAt === -1 && !UNSEEN_RAW.has(token.name)) out.push(decodeEntities(token.text));
        break;
      case 'start':
        if (!INLINE.has(token.name)) out.push('\n');
        if (VOID.has(token.name)) break;
        if (hiddenAt === -1 && (token.name === 'head' || token.name === 'template' || isHidden(token.attributes))) {
          hiddenAt = open.length;
        }
        open.push(token.name);
        break;
      case 'end': {
        if (!INLINE.has(token.name)) out.push('\n');
        const at = open.lastIndexOf(token.name);
        if (at === -1) break;
        open.length = at;
        if (hiddenAt >= open.length) hiddenAt = -1;
        break;
      }
    }
  }
  return out.join('').replace(/ +/g, ' ').replace(/ ?\n[\n ]*/g, '\n').trim();
}

function isHidden(attributes: Map<string, string>): boolean {
  if (attributes.has('hidden')) return true;
  const style = attributes.get('style');
  return style !== undefined && /(?:^|[;\s])(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(decodeEntities(style, true));
}
