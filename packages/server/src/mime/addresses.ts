import { domainToUnicode } from 'node:url';
import type { AddressObject, EmailAddress, HeaderValue } from 'mailparser';
import type { Address } from '../store/record.js';

/**
 * The mailboxes of a parsed address header (one or repeated), groups replaced by their members.
 * Entries without an address are left out.
 */
export function addressList(value: HeaderValue | undefined): Address[] {
  const out: Address[] = [];
  for (const entry of addressEntries(value)) {
    if (entry.address) out.push({ Name: entry.name, Address: entry.address });
  }
  return out;
}

/**
 * The first From mailbox. A From header with no address in it gives its text as the name
 * (Mailpit does the same); no From header gives null.
 */
export function firstAddress(value: HeaderValue | undefined): Address | null {
  const entries = addressEntries(value);
  const withAddress = entries.find((e) => e.address);
  if (withAddress) return { Name: withAddress.name, Address: withAddress.address };
  const named = entries.find((e) => e.name);
  return named ? { Name: named.name, Address: '' } : null;
}

/**
 * Envelope recipients that no To, Cc or Bcc header names: the blind copies the headers cannot
 * show. Compared case-insensitively, internationalised domains in either form; each listed once.
 */
export function blindRecipients(headerAddresses: readonly Address[], rcptTo: readonly string[]): Address[] {
  const seen = new Set(headerAddresses.map((a) => comparable(a.Address)));
  const out: Address[] = [];
  for (const rcpt of rcptTo) {
    const key = comparable(rcpt);
    if (!rcpt || seen.has(key)) continue;
    seen.add(key);
    out.push({ Name: '', Address: rcpt });
  }
  return out;
}

/**
 * One spelling per mailbox: lower case, a quoted local part unquoted ('"a.b"@x' and 'a.b@x' are
 * the same mailbox, and addressparser drops quotes it finds unnecessary), a punycode domain in Unicode.
 */
function comparable(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return address.toLowerCase();
  let local = address.slice(0, at);
  if (local.length >= 2 && local.startsWith('"') && local.endsWith('"')) local = local.slice(1, -1).replace(/\\(.)/g, '$1');
  const domain = address.slice(at + 1);
  const unicode = domain.includes('xn--') ? domainToUnicode(domain) : '';
  return `${local}@${unicode || domain}`.toLowerCase();
}

interface Mailbox {
  name: string;
  address: string;
}

function addressEntries(value: HeaderValue | undefined): Mailbox[] {
  const out: Mailbox[] = [];
  const objects = Array.isArray(value) ? value : [value];
  for (const obj of objects) {
    if (isAddressObject(obj)) walk(obj.value, out, 0);
  }
  return out;
}

// Groups cannot nest in RFC 5322; the depth bound only guards against a parser surprise.
function walk(entries: readonly EmailAddress[], out: Mailbox[], depth: number): void {
  for (const e of entries) {
    if (e.group) {
      if (depth < 8) walk(e.group, out, depth + 1);
      continue;
    }
    out.push({ name: (e.name ?? '').trim(), address: (e.address ?? '').trim() });
  }
}

function isAddressObject(value: unknown): value is AddressObject {
  return typeof value === 'object' && value !== null && Array.isArray((value as AddressObject).value);
}
