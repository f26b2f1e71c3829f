import { readRawHeaders, type RawHeader } from './raw-headers.js';

/** RFC 7230 token characters: the bytes Go's net/textproto accepts in a header name. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Headers in the shape of Mailpit's GET /api/v1/message/{ID}/headers (Go's mail.Header as JSON):
 * canonical names ("Message-Id", "X-Mailer"), values in order of appearance, keys sorted.
 */
export function headerRecord(headers: readonly RawHeader[]): Record<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const { name, value } of headers) {
    const key = canonicalHeaderName(name);
    const values = grouped.get(key);
    if (values) values.push(value);
    else grouped.set(key, [value]);
  }
  const record: Record<string, string[]> = {};
  for (const key of [...grouped.keys()].sort()) {
    // defineProperty: a header named "__proto__" must stay a plain entry.
    Object.defineProperty(record, key, { value: grouped.get(key), enumerable: true, writable: true, configurable: true });
  }
  return record;
}

/** Go's CanonicalMIMEHeaderKey: "content-type" → "Content-Type"; names with non-token bytes stay as they are. */
export function canonicalHeaderName(name: string): string {
  if (!TOKEN.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** Only the top-level headers, in the shape of Mailpit's /headers endpoint, without a full parse. */
export function readHeaders(raw: Buffer): Record<string, string[]> {
  return headerRecord(readRawHeaders(raw));
}
