import { Libmime } from 'libmime';
import { decode as decodeQuotedPrintable } from 'libqp';
import type { Headers, HeaderValue } from 'mailparser';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { isBlank } from './collapsed-text.js';
import { partInfo, safeType, type PartInfo } from './parts.js';
import { firstField, type PlainHeaderField } from './plain-header-block.js';
import { plainStructure, type PlainLeaf } from './plain-structure.js';
import { simpleMailbox, type Mailbox } from './simple-mailbox.js';

const libmime = new Libmime();
const UTF8_CHARSETS = new Set(['utf8', 'ascii', 'usascii']);
/** Base64 with padding only at its very end: Buffer stops at the first "=", mailsplit reads on. */
const BASE64 = /^[A-Za-z0-9+/\r\n]*(?:=[=\r\n]*)?$/;
const NON_ASCII = /[^\x00-\x7f]/;
/** An RFC 2047 encoded word: in an address (not a name) the full parser checks what it decodes to. */
const ENCODED_WORD = /=\?[^?]+\?[BbQq]\?[^?]*\?=/;
/** Fields the summary reads, and which of them the full parser keeps only once. */
const ADDRESS_KEYS = new Set(['from', 'to', 'cc', 'bcc', 'reply-to']);
const SINGLE_KEYS = new Set(['from', 'reply-to', 'subject', 'message-id']);

/** A message read directly: what mailparser would give for it, attachment content not decoded. */
export interface FastReading {
  /** The top-level fields the summary and message view use, valued as mailparser values them. */
  headers: Headers;
  /** The text body, decoded, line ends as written; undefined when there is no text part. */
  text: string | undefined;
  /**
   * The HTML body, decoded, line ends as written; undefined when there is no HTML part. "" when
   * it was decoded (and so checked) but not made a string: beside a text body, for a reader that
   * does without it (see htmlBesideText).
   */
  html: string | undefined;
  /** Whether both bodies that are there sit in a multipart/alternative (mailparser then converts neither into the other). */
  bodiesAlternative: boolean;
  /** Attachment and inline parts in document order. */
  parts: PartInfo[];
  /** Where each of `parts` is in the bytes (same order). */
  partLeaves: PlainLeaf[];
  /** The first Date field as readRawHeaders reads it (null: none); undefined when folded, as that unfolds differently. */
  date: string | null | undefined;
}

/**
 * A message of an everyday shape (see plainStructure) read without the streaming parser, with
 * the same values mailparser gives for it. Undefined for any other message, which the caller
 * leaves to mailparser. Attachment content is located but not decoded (see decodeContent).
 * `htmlBesideText`: whether the HTML body is wanted as text when there is a text body too (the
 * summary reads it only when there is not: turning it into a string was ~2.5 KB a message).
 */
export function fastReading(raw: Buffer, htmlBesideText = true): FastReading | undefined {
  const structure = plainStructure(raw);
  if (!structure) return undefined;
  const headers = summaryHeaders(structure.headers.fields);
  if (!headers) return undefined;
  let text: string | undefined;
  let htmlBytes: Buffer | undefined;
  const parts: PartInfo[] = [];
  const partLeaves: PlainLeaf[] = [];
  let bodiesAlternative = true;
  for (const leaf of structure.leaves) {
    const textKind = textKindOf(leaf);
    if (textKind === 'refuse') return undefined;
    if (textKind === undefined) {
      parts.push(attachmentOf(leaf, parts.length));
      partLeaves.push(leaf);
      continue;
    }
    // Two bodies of one kind are joined by the full parser in ways not repeated here.
    if ((textKind === 'plain' ? text : htmlBytes) !== undefined) return undefined;
    const decoded = decodeContent(raw, leaf);
    if (decoded === undefined) return undefined;
    bodiesAlternative &&= leaf.inAlternative;
    if (textKind === 'plain') text = decoded.toString('utf8');
    else htmlBytes = decoded;
  }
  const html = htmlBytes && (htmlBesideText || !text ? htmlBytes.toString('utf8') : '');
  // Whitespace-only text next to HTML: the full parser mixes in a converted copy of it.
  if (text && html !== undefined && isBlank(text)) return undefined;
  const dateField = firstField(structure.headers, 'date');
  const date = dateField ? (dateField.folded ? undefined : dateField.value) : null;
  return { headers, text, html, bodiesAlternative, parts, partLeaves, date };
}

/**
 * The top-level fields the summary needs, valued as mailparser values them: subjects and
 * message IDs with encoded words decoded, address lists parsed, a field the parser keeps
 * once taken from its first occurrence. Undefined when an address needs the parser's checks.
 */
function summaryHeaders(fields: readonly PlainHeaderField[]): Headers | undefined {
  const values = new Map<string, HeaderValue[]>();
  for (const { key, value } of fields) {
    let parsed: HeaderValue | undefined;
    if (ADDRESS_KEYS.has(key)) {
      const list = simpleMailbox(value) ?? addressparser(value);
      if (!decodeMailboxes(list)) return undefined;
      parsed = { value: list, html: '', text: '' } as unknown as HeaderValue;
    } else if (key === 'subject') {
      parsed = decodeWords(value) || undefined;
    } else if (key === 'message-id') {
      parsed = messageIdFormat(decodeWords(value)) || undefined;
    }
    if (parsed === undefined) continue;
    const list = values.get(key);
    if (list) list.push(parsed);
    else values.set(key, [parsed]);
  }
  const headers: Headers = new Map();
  for (const [key, list] of values) headers.set(key, SINGLE_KEYS.has(key) || list.length === 1 ? list[0]! : (list as HeaderValue));
  return headers;
}

/** Display names decoded in place; false for an address with an encoded word or a punycode domain. */
function decodeMailboxes(list: Mailbox[]): boolean {
  for (const mailbox of list) {
    mailbox.name = (mailbox.name || '').toString().trim();
    if (mailbox.name) mailbox.name = decodeWords(mailbox.name);
    if ('address' in mailbox && mailbox.address && (ENCODED_WORD.test(mailbox.address) || mailbox.address.includes('@xn--'))) return false;
    if ('group' in mailbox && mailbox.group && !decodeMailboxes(mailbox.group)) return false;
  }
  return true;
}

function decodeWords(value: string): string {
  // Without an encoded word libmime returns the value as it is (its join marker holds a NUL,
  // which no plain header block has), after five passes of regular expressions.
  if (!value.includes('=?')) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

function messageIdFormat(value: string): string {
  if (!value) return '';
  return `${value.startsWith('<') ? '' : '<'}${value}${value.endsWith('>') ? '' : '>'}`;
}

/**
 * 'plain' or 'html' for a body text part, undefined for an attachment or inline part,
 * 'refuse' for a text part whose reading the full parser bends (named, flowed, other charsets).
 */
function textKindOf(leaf: PlainLeaf): 'plain' | 'html' | 'refuse' | undefined {
  if (leaf.type !== 'text/plain' && leaf.type !== 'text/html') return undefined;
  if (leaf.disposition === 'attachment') return undefined;
  if (leaf.disposition !== '' && leaf.disposition !== 'inline') return 'refuse';
  if (leaf.filename) return 'refuse';
  if (leaf.type === 'text/plain' && (leaf.params['format'] ?? '').toLowerCase().trim() === 'flowed') return 'refuse';
  const charset = (leaf.params['charset'] || 'utf-8').toLowerCase().replace(/[^a-z0-9]+/g, '');
  if (!UTF8_CHARSETS.has(charset)) return 'refuse';
  return leaf.type === 'text/plain' ? 'plain' : 'html';
}

/** A part's content with its transfer encoding undone; undefined when that encoding is not clean. */
export function decodeContent(raw: Buffer, leaf: PlainLeaf): Buffer | undefined {
  const body = raw.subarray(leaf.start, leaf.end);
  if (leaf.encoding === 'base64') {
    const text = body.toString('latin1');
    return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
  }
  if (leaf.encoding === 'quoted-printable') {
    const text = body.toString('latin1');
    return NON_ASCII.test(text) ? undefined : decodeQuotedPrintable(text);
  }
  return body;
}

function attachmentOf(leaf: PlainLeaf, order: number): PartInfo {
  return partInfo(
    {
      partId: leaf.partId,
      contentType: safeType(leaf.type),
      filename: leaf.filename,
      contentId: leaf.contentId.trim().replace(/^<|>$/g, '').trim(),
      disposition: leaf.disposition,
    },
    order,
  );
}
