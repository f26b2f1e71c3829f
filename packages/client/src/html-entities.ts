/** Decodes HTML character references: numeric ones, and the named ones mail actually uses. */

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
  copy: '©', reg: '®', trade: '™', hellip: '…', mdash: '—', ndash: '–', minus: '−',
  lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', laquo: '«', raquo: '»',
  bull: '•', middot: '·', euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§', para: '¶',
  deg: '°', times: '×', divide: '÷', shy: '\u00ad', zwnj: '\u200c', zwj: '\u200d',
  ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', num: '#', colon: ':', sol: '/', equals: '=',
  quest: '?', period: '.', comma: ',', lpar: '(', rpar: ')', excl: '!', percnt: '%', plus: '+',
  lowbar: '_', hyphen: '‐', dash: '‐', Tab: '\t', NewLine: '\n',
};

/** Names HTML also accepts without the closing `;` (the common part of its legacy list). */
const LEGACY = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg', 'cent', 'pound', 'yen', 'sect', 'deg', 'times', 'divide', 'laquo', 'raquo', 'middot', 'para', 'shy']);

const REFERENCE = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]{0,31}))(;?)/g;

/**
 * `inAttribute`: as in an attribute value, where `&copy=2` in a URL's query stays as written
 * (a name without `;` followed by `=` or an alphanumeric is not a reference there).
 */
export function decodeEntities(text: string, inAttribute = false): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined, semi: string, offset: number) => {
    if (dec !== undefined || hex !== undefined) return codePoint(dec !== undefined ? Number(dec) : parseInt(hex!, 16));
    const value = NAMED[name!];
    if (value === undefined) return whole;
    if (semi) return value;
    if (!LEGACY.has(name!)) return whole;
    if (inAttribute && /[=A-Za-z0-9]/.test(text[offset + whole.length] ?? '')) return whole;
    return value;
  });
}

function codePoint(n: number): string {
  if (n === 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(n);
}
