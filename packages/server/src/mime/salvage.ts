import type { Headers, HeaderValue, StructuredHeader } from 'mailparser';
import { runParser } from './run-parser.js';

/** How much of a header block is read again when the whole message could not be parsed. */
const SALVAGE_BYTES = 64 * 1024;

/**
 * The headers of a message whose full parse failed before reaching them (e.g. a header block
 * larger than mailparser accepts): the first 64 KiB of it, cut at a line end, parsed alone.
 */
export async function salvageHeaders(raw: Buffer): Promise<Headers | undefined> {
  const start = raw.subarray(0, SALVAGE_BYTES);
  const lastLf = start.lastIndexOf(0x0a);
  const head = lastLf > 0 ? start.subarray(0, lastLf + 1) : start;
  const run = await runParser(Buffer.concat([head, Buffer.from('\r\n\r\n')]), { skipHtmlToText: true });
  return run.headers;
}

/**
 * Why a message that mailparser went through still cannot be read as MIME, if it cannot: a
 * multipart type without a boundary leaves its body unsplittable.
 */
export function structureProblem(headers: Headers | undefined): string | undefined {
  const type = headers?.get('content-type');
  if (!isStructured(type)) return undefined;
  const mediaType = type.value.trim().toLowerCase();
  if (mediaType.startsWith('multipart/') && !type.params['boundary']) {
    return `${mediaType} without a boundary parameter: the body cannot be split into parts`;
  }
  return undefined;
}

function isStructured(value: HeaderValue | undefined): value is StructuredHeader {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) return false;
  const v = value as Partial<StructuredHeader>;
  return typeof v.value === 'string' && typeof v.params === 'object' && v.params !== null;
}

export function describeParseError(err: Error): string {
  return `could not parse the message as MIME: ${err.message || err.name}`;
}
