import type { MessageRecord } from './record.js';
import { MESSAGE_ID_PATTERN } from './message-id.js';

/**
 * One entry of a raw segment (the write-ahead log):
 *
 *   `MSNK1 <record JSON length, 10 digits> <raw length, 12 digits>\n` <raw bytes> <record JSON>
 *
 * The header has a fixed width and the raw bytes come first, so the raw offset that the record
 * JSON holds is known before the JSON is serialised. A scan hops from header to header and reads
 * only the JSON, never a message body.
 */
export const ENTRY_MAGIC = 'MSNK1 ';
export const HEADER_LENGTH = 30;
const HEADER_PATTERN = /^MSNK1 (\d{10}) (\d{12})\n$/;

export interface EntryHeader {
  jsonLength: number;
  rawLength: number;
}

export function encodeHeader(jsonLength: number, rawLength: number): Buffer {
  const text = `${ENTRY_MAGIC}${String(jsonLength).padStart(10, '0')} ${String(rawLength).padStart(12, '0')}\n`;
  if (text.length !== HEADER_LENGTH) throw new RangeError(`entry too large: ${jsonLength} + ${rawLength} bytes`);
  return Buffer.from(text, 'latin1');
}

export function decodeHeader(bytes: Buffer): EntryHeader | undefined {
  const match = HEADER_PATTERN.exec(bytes.toString('latin1', 0, HEADER_LENGTH));
  if (!match) return undefined;
  return { jsonLength: Number(match[1]), rawLength: Number(match[2]) };
}

/**
 * Parses an entry's record JSON and checks that it describes the entry it sits in, so that a
 * cut-off or overwritten entry cannot pass for a message.
 */
export function decodeRecord(json: Buffer, segment: number, entryOffset: number, header: EntryHeader): MessageRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!looksLikeRecord(value)) return undefined;
  const { raw } = value;
  const rawOffset = entryOffset + HEADER_LENGTH;
  if (raw.segment !== segment || raw.offset !== rawOffset || raw.length !== header.rawLength) return undefined;
  return value;
}

/** Enough of a MessageRecord's shape for the index to work with it. */
export function looksLikeRecord(value: unknown): value is MessageRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<MessageRecord>;
  return (
    typeof r.id === 'string' &&
    MESSAGE_ID_PATTERN.test(r.id) &&
    typeof r.created === 'string' &&
    typeof r.read === 'boolean' &&
    Array.isArray(r.tags) &&
    typeof r.raw === 'object' &&
    r.raw !== null &&
    Number.isSafeInteger(r.raw.segment) &&
    Number.isSafeInteger(r.raw.offset) &&
    Number.isSafeInteger(r.raw.length)
  );
}
