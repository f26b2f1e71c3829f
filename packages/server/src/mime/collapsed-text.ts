/**
 * Builds text with every run of whitespace collapsed to one space, invisible and control
 * characters dropped, leading and trailing space trimmed; stops taking input once `limit`
 * characters are collected, so a huge body costs no more than its first few hundred characters.
 */
export class CollapsedText {
  private out = '';
  private pendingSpace = false;

  constructor(private readonly limit: number) {}

  get full(): boolean {
    return this.out.length >= this.limit;
  }

  /** Marks a word boundary (e.g. between HTML blocks) without adding text. */
  space(): void {
    this.pendingSpace = true;
  }

  add(text: string): void {
    if (PLAIN_ASCII.test(text)) this.addPlainAscii(text);
    else this.addAny(text);
  }

  /** The same as addAny for text with nothing invisible and no other whitespace, by regular expression. */
  private addPlainAscii(text: string): void {
    if (this.full) return;
    let words = text.replace(ASCII_WHITESPACE, ' ');
    if (words.startsWith(' ')) {
      this.pendingSpace = true;
      words = words.slice(1);
    }
    const endsInSpace = words.endsWith(' ');
    if (endsInSpace) words = words.slice(0, -1);
    if (words !== '') {
      if (this.pendingSpace && this.out.length > 0) this.out += ' ';
      this.pendingSpace = false;
      this.out += words.slice(0, this.limit - this.out.length);
    }
    if (endsInSpace) this.pendingSpace = true;
  }

  private addAny(text: string): void {
    const n = text.length;
    let i = 0;
    while (i < n && !this.full) {
      const c = text.charCodeAt(i);
      if (isWhitespace(c)) this.pendingSpace = true;
      if (isWhitespace(c) || isInvisible(c)) {
        i++;
        continue;
      }
      // A run of visible characters goes in as one slice.
      let j = i + 1;
      while (j < n && !isWhitespace(text.charCodeAt(j)) && !isInvisible(text.charCodeAt(j))) j++;
      if (this.pendingSpace && this.out.length > 0) this.out += ' ';
      this.pendingSpace = false;
      this.out += text.slice(i, Math.min(j, i + this.limit - this.out.length));
      i = j;
    }
  }

  /** At most `limit` characters, never ending in half a surrogate pair. */
  toString(): string {
    return cutText(this.out, this.limit);
  }
}

/** Whether a reader would see nothing of `text`: it holds only whitespace and invisible characters. */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isWhitespace(c) && !isInvisible(c)) return false;
  }
  return true;
}

/** Printable ASCII and ASCII whitespace, the text of most mail. */
const PLAIN_ASCII = /^[\x20-\x7e\t\n\v\f\r]*$/;
/**
 * The runs of ASCII whitespace that are not already a single space: a single space stays as it
 * is, so a line of prose is one match (its line break) instead of one per word. Replacing these
 * with a space gives what replacing every run would, in about a third of the time.
 */
const ASCII_WHITESPACE = / *[\t\n\v\f\r][\t\n\v\f\r ]*| {2,}/g;

/** The first `limit` characters of collapsed text, not ending in half a surrogate pair or a space. */
export function cutText(text: string, limit: number): string {
  let s = text.slice(0, limit);
  const last = s.charCodeAt(s.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) s = s.slice(0, -1);
  return s.trimEnd();
}

function isWhitespace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Controls, soft hyphen, zero-width characters, bidi controls and BOM: nothing a reader sees. */
function isInvisible(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0xad ||
    c === 0x34f ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2069) ||
    c === 0xfeff
  );
}
