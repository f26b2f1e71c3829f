/** A top-level header field as written: name as given, value unfolded and trimmed, not decoded. */
export interface RawHeader {
  name: string;
  value: string;
}

/** The most of a header block that is read; mailparser refuses larger ones too. */
const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * The top-level header fields of a message, read leniently: lines without a colon are skipped,
 * continuation lines are joined with one space (as Go's net/textproto, which Mailpit uses, does),
 * invalid UTF-8 becomes U+FFFD.
 */
export function readRawHeaders(raw: Buffer): RawHeader[] {
  const text = raw.subarray(0, headerBlockEnd(raw)).toString('utf8');
  const headers: RawHeader[] = [];
  let current: RawHeader | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current) current.value += ' ' + trimSpaces(line);
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? trimSpaces(line.slice(0, colon)) : '';
    if (!name) {
      current = undefined;
      continue;
    }
    current = { name, value: trimSpaces(line.slice(colon + 1)) };
    headers.push(current);
  }
  return headers;
}

/** The value of the first field called `name` (case-insensitive), undefined when there is none. */
export function firstHeader(headers: readonly RawHeader[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === wanted)?.value;
}

/** Where the header block ends: at the first empty line, else the end (bounded by MAX_HEADER_BYTES). */
function headerBlockEnd(raw: Buffer): number {
  if (raw[0] === 0x0a || (raw[0] === 0x0d && raw[1] === 0x0a)) return 0;
  const limit = Math.min(raw.length, MAX_HEADER_BYTES);
  const lf = raw.indexOf('\n\n');
  const crlf = raw.indexOf('\n\r\n');
  const ends = [lf, crlf].filter((i) => i >= 0 && i < limit);
  if (ends.length) return Math.min(...ends) + 1;
  if (raw.length <= limit) return raw.length;
  // Cut an over-long block at a line end so no field is half read.
  const lastLf = raw.lastIndexOf(0x0a, limit - 1);
  return lastLf > 0 ? lastLf + 1 : limit;
}

function trimSpaces(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}
