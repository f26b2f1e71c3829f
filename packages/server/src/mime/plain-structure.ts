import { Libmime } from 'libmime';
import { firstField, readPlainHeaderBlock, type PlainHeaderBlock } from './plain-header-block.js';
import { simpleHeaderValue, type HeaderValueParams } from './simple-header-value.js';

/** A leaf part of a plainly structured message, located but not decoded. */
export interface PlainLeaf {
  /** IMAP-style part number ("1", "2.1"), null for a single-part message. */
  partId: string | null;
  /** Media type, lower case. */
  type: string;
  /** Content-Type parameters (names lower case). */
  params: Record<string, string>;
  /** Content-Disposition value, lower case, "" when absent. */
  disposition: string;
  /** The file name from Content-Disposition or Content-Type, "" when none. */
  filename: string;
  /** The first Content-ID value as written, "" when none. */
  contentId: string;
  /** Content-Transfer-Encoding, lower case, "" when absent. */
  encoding: string;
  /** Whether a multipart/alternative encloses it. */
  inAlternative: boolean;
  start: number;
  end: number;
}

export interface PlainStructure {
  headers: PlainHeaderBlock;
  leaves: PlainLeaf[];
}

const libmime = new Libmime();
const MULTIPART = new Set(['multipart/mixed', 'multipart/alternative', 'multipart/related']);
const MAX_DEPTH = 4;
const MAX_LEAVES = 100;
/** RFC 2046 bchars without the trailing space a boundary may not end in. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
/** Header content the full parser decodes or bends (encoded words, comments, quoted pairs). */
const TRICKY_PART_HEADER = /=\?|\(|\\/;
const AMBIGUOUS = -2;

/**
 * The parts of `raw` when it has one of the everyday shapes: a single text part, or
 * multipart/mixed, alternative and related nested a few levels deep, with plain header blocks
 * (see readPlainHeaderBlock), delimiter lines exactly as RFC 2046 writes them and a closing
 * delimiter. Anything else gives undefined: a message the full parser must read.
 */
export function plainStructure(raw: Buffer): PlainStructure | undefined {
  const headers = readPlainHeaderBlock(raw, 0, raw.length);
  if (!headers) return undefined;
  const leaves: PlainLeaf[] = [];
  return walk(raw, headers, raw.length, null, 0, false, leaves) ? { headers, leaves } : undefined;
}

function walk(
  raw: Buffer,
  block: PlainHeaderBlock,
  end: number,
  partId: string | null,
  depth: number,
  inAlternative: boolean,
  leaves: PlainLeaf[],
): boolean {
  const root = partId === null;
  const contentType = firstField(block, 'content-type')?.value;
  const disposition = firstField(block, 'content-disposition')?.value;
  const encoding = firstField(block, 'content-transfer-encoding')?.value ?? '';
  // Without a Content-Type the full parser guesses one (text/plain, or from a file name).
  if (contentType === undefined && (!root || disposition !== undefined)) return false;
  if (TRICKY_PART_HEADER.test(`${contentType ?? ''}\n${disposition ?? ''}\n${encoding}`)) return false;
  const type = parseValue(contentType ?? 'text/plain');
  if (!type) return false;
  const mediaType = type.value.toLowerCase().trim();
  if (mediaType.startsWith('multipart/')) {
    const boundary = type.params['boundary'];
    if (!MULTIPART.has(mediaType) || depth >= MAX_DEPTH || !boundary || !BOUNDARY.test(boundary)) return false;
    const parts = splitParts(raw, block.bodyStart, end, boundary);
    if (!parts) return false;
    for (const [i, part] of parts.entries()) {
      const child = readPlainHeaderBlock(raw, part.start, part.end);
      if (!child) return false;
      const childId = partId ? `${partId}.${i + 1}` : `${i + 1}`;
      if (!walk(raw, child, part.end, childId, depth + 1, inAlternative || mediaType === 'multipart/alternative', leaves)) return false;
    }
    return true;
  }
  // mailsplit splits any part with a boundary parameter, whatever its type says.
  if (mediaType.startsWith('message/') || type.params['boundary'] !== undefined || leaves.length >= MAX_LEAVES) return false;
  // A single-part message of another type is shown as text by the full parser.
  if (root && mediaType !== 'text/plain' && mediaType !== 'text/html') return false;
  const parsedDisposition = parseValue(disposition ?? '');
  if (!parsedDisposition) return false;
  // mailsplit reads an empty part before a delimiter that does not close as holding a CRLF.
  if (!root && block.bodyStart >= end) return false;
  leaves.push({
    partId,
    type: mediaType,
    params: type.params,
    disposition: parsedDisposition.value.toLowerCase().trim(),
    filename: parsedDisposition.params['filename'] || type.params['name'] || '',
    // As mailparser: the first Content-ID that is not empty.
    contentId: block.fields.find((f) => f.key === 'content-id' && f.value !== '')?.value ?? '',
    encoding: encoding.toLowerCase(),
    inAlternative,
    start: block.bodyStart,
    end,
  });
  return true;
}

/** The parsed value, or undefined when libmime had to decode something (RFC 2231 parameters). */
function parseValue(value: string): HeaderValueParams | undefined {
  const simple = simpleHeaderValue(value);
  if (simple) return simple;
  const parsed = libmime.parseHeaderValue(value, { stripComments: true });
  return parsed.decodedParams.length > 0 ? undefined : parsed;
}

/**
 * The body ranges between the delimiter lines of `boundary` in [start, end): each part ends
 * before the CRLF that precedes the next delimiter. A line that starts like a delimiter but
 * is not exactly one (trailing space, other text) makes the split ambiguous: undefined, as for
 * a missing closing delimiter.
 */
function splitParts(raw: Buffer, start: number, end: number, boundary: string): Array<{ start: number; end: number }> | undefined {
  const dashes = Buffer.from(`--${boundary}`, 'latin1');
  const parts: Array<{ start: number; end: number }> = [];
  let partStart = -1;
  let at = raw.subarray(start, start + dashes.length).equals(dashes) ? start : nextDelimiter(raw, start + 1, end, dashes);
  while (at >= 0) {
    const lineEnd = at + dashes.length;
    const closing = raw[lineEnd] === 0x2d && raw[lineEnd + 1] === 0x2d;
    const after = closing ? lineEnd + 2 : lineEnd;
    const endsLine = after === end || (after + 2 <= end && raw[after] === 0x0d && raw[after + 1] === 0x0a);
    if (!endsLine) return undefined;
    if (partStart >= 0) parts.push({ start: partStart, end: at === start ? at : at - 2 });
    if (closing) return parts.length > 0 ? parts : undefined;
    partStart = after + 2;
    at = nextDelimiter(raw, partStart, end, dashes);
  }
  return undefined;
}

/**
 * Where the next line starting with `dashes` begins, at or past `from`: -1 if none, AMBIGUOUS
 * if it follows a bare LF or CR (the full parser splits lines at either, this reading at CRLF only).
 */
function nextDelimiter(raw: Buffer, from: number, end: number, dashes: Buffer): number {
  let found = raw.indexOf(dashes, from);
  while (found >= 0 && found + dashes.length <= end) {
    if (raw[found - 1] === 0x0a) return raw[found - 2] === 0x0d ? found : AMBIGUOUS;
    if (raw[found - 1] === 0x0d) return AMBIGUOUS;
    found = raw.indexOf(dashes, found + 1);
  }
  return -1;
}
