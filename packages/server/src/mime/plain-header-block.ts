/** One header field: its name lower-cased, its value unfolded and trimmed (not decoded). */
export interface PlainHeaderField {
  key: string;
  value: string;
  /** Whether the field spans more than one line. */
  folded: boolean;
}

export interface PlainHeaderBlock {
  fields: PlainHeaderField[];
  /** Where the body starts: after the empty line that ends the block. */
  bodyStart: number;
}

/** Larger blocks are left to mailparser, as are blocks of more fields. */
const MAX_BLOCK_BYTES = 64 * 1024;
const MAX_FIELDS = 500;
/** Anything but printable ASCII, tab and CRLF line ends (bare CR or LF included). */
const NOT_PLAIN = /[^\t\x20-\x7e\r\n]|\r(?!\n)|(?<!\r)\n/;
const FIELD_NAME = /^[!-9;-~]+$/;

/**
 * The header block that starts at `start` if it is plain: ASCII, CRLF line ends, every line a
 * `name: value` field or a continuation of one, ended by an empty line before `end`. Anything
 * else gives undefined, and the caller leaves the message to the full parser, whose leniencies
 * (bare LF, 8-bit headers, lines without a colon) this reader does not repeat.
 */
export function readPlainHeaderBlock(raw: Buffer, start: number, end: number): PlainHeaderBlock | undefined {
  const blockEnd = raw.indexOf('\r\n\r\n', start, 'latin1');
  if (blockEnd < start || blockEnd + 4 > end || blockEnd - start > MAX_BLOCK_BYTES) return undefined;
  const text = raw.toString('latin1', start, blockEnd);
  if (text === '' || NOT_PLAIN.test(text)) return undefined;
  const fields: PlainHeaderField[] = [];
  let current: PlainHeaderField | undefined;
  for (const line of text.split('\r\n')) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (!current) return undefined;
      // As libmime's decodeHeader: the line break and the indent become one space.
      current.value += ' ' + line.replace(/^[ \t]+/, '');
      current.folded = true;
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    if (colon <= 0 || !FIELD_NAME.test(name)) return undefined;
    current = { key: name.toLowerCase(), value: line.slice(colon + 1), folded: false };
    fields.push(current);
    if (fields.length > MAX_FIELDS) return undefined;
  }
  for (const field of fields) field.value = field.value.trim();
  return { fields, bodyStart: blockEnd + 4 };
}

/** The first field called `key` (lower case), undefined when there is none. */
export function firstField(block: PlainHeaderBlock, key: string): PlainHeaderField | undefined {
  return block.fields.find((f) => f.key === key);
}
