import zlib from 'node:zlib';
import type { MessageRecord, RawLocation } from './record.js';
import { MESSAGE_ID_PATTERN } from './message-id.js';

/**
 * One entry of a raw segment (the write-ahead log):
 *
 *   `MSNK2 <record JSON length, 10 digits> <raw length, 12 digits> <group start, 12 digits> <CRC-32, 8 hex>\n`
 *   <raw bytes> <record JSON>
 *
 * The header has a fixed width and the raw bytes come first, so the raw offset that the record
 * JSON holds is known before the JSON is serialised. A scan hops from header to header.
 *
 * The CRC-32 covers the header up to the checksum, the raw bytes and the JSON: an entry written
 * into space laid ahead of time (see ZeroedRunway) can be torn anywhere, not only at its end, by
 * a power cut. The group start is the offset of the first entry written in the same write: a
 * broken entry followed only by entries of its own group is a write that was cut off, never
 * acknowledged; one followed by a later group's entry is damage.
 *
 * The record JSON is the message's record (what a records document holds for it) with the SMTP
 * transcript, when there is one, as a last top-level property: `{...record,"raw":{...},"transcript":"..."}`.
 * Its bytes up to the transcript are then the record's own JSON but for the closing brace, which
 * is how a records document can be written from them without serialising the record again.
 * Entries written before that held the transcript in `envelope.transcript`; they are still read.
 *
 * `MSNK1` entries (30-byte header, no checksum or group) are still read.
 */
export const ENTRY_MAGIC = 'MSNK';
export const ENTRY_HEADER_LENGTH = 52;
/** The longest header of any version: what to read at an entry's start or before its raw bytes. */
export const MAX_HEADER_LENGTH = ENTRY_HEADER_LENGTH;
const CHECKED_PREFIX_LENGTH = 43;
const V2_PATTERN = /^MSNK2 (\d{10}) (\d{12}) (\d{12}) ([0-9a-f]{8})\n$/;
const V1_LENGTH = 30;
const V1_PATTERN = /^MSNK1 (\d{10}) (\d{12})\n$/;

export interface EntryHeader {
  headerLength: number;
  jsonLength: number;
  rawLength: number;
  /** Version 2 only. */
  groupStart?: number;
  checksum?: number;
}

/** Node 20.15 brought zlib.crc32; an older runtime is refused when the store opens. */
export function checksumsAvailable(): boolean {
  return typeof zlib.crc32 === 'function';
}

/** An entry's record JSON, in two pieces written one after the other. */
export interface EntryJson {
  /**
   * The record's JSON without its closing brace, in a buffer of its own: whoever keeps it
   * (a records document, until its next write) keeps neither the transcript nor a shared pool block.
   */
  recordHead: Buffer;
  /** `}`, or the transcript and `}`. */
  tail: Buffer;
}

/**
 * The record JSON of an entry. `unplacedJson` is the record's JSON without `raw` (see newRecord),
 * which goes last; `transcript` follows it.
 */
export function encodeEntryJson(unplacedJson: string, raw: RawLocation, transcript: string | undefined): EntryJson {
  // Written piece by piece: joining the strings first would copy the whole JSON once more.
  const placement = `,"raw":${JSON.stringify(raw)}`;
  const withoutBrace = Buffer.byteLength(unplacedJson, 'utf8') - 1;
  const recordHead = Buffer.allocUnsafeSlow(withoutBrace + placement.length);
  recordHead.write(unplacedJson, 0, withoutBrace, 'utf8');
  recordHead.write(placement, withoutBrace, 'latin1');
  const tail = Buffer.from(transcript === undefined ? '}' : `,"transcript":${JSON.stringify(transcript)}}`, 'utf8');
  return { recordHead, tail };
}

/** The transcript an entry's parsed record JSON holds, "" when none (older entries kept it in the envelope). */
export function transcriptOf(entry: { transcript?: unknown; envelope?: { transcript?: unknown } }): string {
  const transcript = entry.transcript ?? entry.envelope?.transcript;
  return typeof transcript === 'string' ? transcript : '';
}

/** The header for an entry written at `groupStart` or after it in the same write; `json` in the pieces written. */
export function encodeHeader(groupStart: number, raw: Buffer, json: Buffer[]): Buffer {
  const jsonLength = json.reduce((sum, piece) => sum + piece.length, 0);
  const prefix =
    `MSNK2 ${String(jsonLength).padStart(10, '0')} ${String(raw.length).padStart(12, '0')} ${String(groupStart).padStart(12, '0')} `;
  if (prefix.length !== CHECKED_PREFIX_LENGTH) throw new RangeError(`entry too large: ${jsonLength} + ${raw.length} bytes at ${groupStart}`);
  const header = Buffer.from(`${prefix}00000000\n`, 'latin1');
  header.write(checksumOf(header, raw, json).toString(16).padStart(8, '0'), CHECKED_PREFIX_LENGTH, 'latin1');
  return header;
}

/** The CRC-32 over a version 2 header's checked prefix, the raw bytes and the JSON. */
function checksumOf(header: Buffer, raw: Buffer, json: Buffer[]): number {
  let crc = zlib.crc32(raw, zlib.crc32(header.subarray(0, CHECKED_PREFIX_LENGTH)));
  for (const piece of json) crc = zlib.crc32(piece, crc);
  return crc;
}

/** Header, raw bytes and record JSON together. */
export function entryLength(header: EntryHeader): number {
  return header.headerLength + header.rawLength + header.jsonLength;
}

/** The header at the start of `bytes` (which may run on into the entry), if it is one. */
export function decodeHeader(bytes: Buffer): EntryHeader | undefined {
  const v2 = bytes.length >= ENTRY_HEADER_LENGTH ? V2_PATTERN.exec(bytes.toString('latin1', 0, ENTRY_HEADER_LENGTH)) : null;
  if (v2) {
    return {
      headerLength: ENTRY_HEADER_LENGTH,
      jsonLength: Number(v2[1]),
      rawLength: Number(v2[2]),
      groupStart: Number(v2[3]),
      checksum: parseInt(v2[4]!, 16),
    };
  }
  const v1 = bytes.length >= V1_LENGTH ? V1_PATTERN.exec(bytes.toString('latin1', 0, V1_LENGTH)) : null;
  if (v1) return { headerLength: V1_LENGTH, jsonLength: Number(v1[1]), rawLength: Number(v1[2]) };
  return undefined;
}

/** The header that ends where an entry's raw bytes start; `bytes` are the bytes just before them. */
export function decodeHeaderBefore(bytes: Buffer): EntryHeader | undefined {
  for (const length of [ENTRY_HEADER_LENGTH, V1_LENGTH]) {
    if (bytes.length < length) continue;
    const header = decodeHeader(bytes.subarray(bytes.length - length));
    if (header?.headerLength === length) return header;
  }
  return undefined;
}

/**
 * Whether `entry` (the whole entry, header first) holds the bytes its header's checksum was made
 * from (true for version 1, which has none).
 */
export function checksumMatches(entry: Buffer, header: EntryHeader): boolean {
  if (header.checksum === undefined) return true;
  const rawEnd = header.headerLength + header.rawLength;
  return checksumOf(entry, entry.subarray(header.headerLength, rawEnd), [entry.subarray(rawEnd)]) === header.checksum;
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
  const rawOffset = entryOffset + header.headerLength;
  if (raw.segment !== segment || raw.offset !== rawOffset || raw.length !== header.rawLength) return undefined;
  if (!('transcript' in value)) return value;
  // The transcript is the entry's, not the record's: it is read from disk when asked for.
  const { transcript: _, ...record } = value as MessageRecord & { transcript: unknown };
  return record;
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
