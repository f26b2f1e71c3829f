/**
 * The envelope a message's own headers imply, for `sendmail -t` and for ingesting stored mail:
 * recipients from To/Cc/Bcc, the sender from Return-Path or From.
 */
import addressparser from 'nodemailer/lib/addressparser';
import { readHeaders } from '../mime/index.js';

function addresses(values: readonly string[] | undefined): string[] {
  const found: string[] = [];
  for (const value of values ?? []) {
    for (const { address } of addressparser(value, { flatten: true })) {
      if (address && address.includes('@')) found.push(address);
    }
  }
  return found;
}

/** Every address in the To, Cc and Bcc fields (or in `fields`), without duplicates, in order. */
export function headerRecipients(raw: Buffer, fields: readonly string[] = ['To', 'Cc', 'Bcc']): string[] {
  const headers = readHeaders(raw);
  return [...new Set(fields.flatMap((name) => addresses(headers[name])))];
}

/** Return-Path's address (`''` for `<>`), else From's first address, else undefined. */
export function headerSender(raw: Buffer): string | undefined {
  const headers = readHeaders(raw);
  const returnPath = headers['Return-Path']?.[0];
  if (returnPath !== undefined) {
    if (/^<\s*>$/.test(returnPath.trim())) return '';
    const [address] = addresses([returnPath]);
    if (address) return address;
  }
  return addresses(headers['From'])[0];
}

/**
 * The message without any top-level field called `name` (its continuation lines included);
 * the rest stays byte for byte. Used to drop Bcc, as sendmail -t does.
 */
export function withoutHeaderField(raw: Buffer, name: string): Buffer {
  const wanted = name.toLowerCase();
  const kept: Buffer[] = [];
  let dropping = false;
  let pos = 0;
  while (pos < raw.length) {
    const lf = raw.indexOf(0x0a, pos);
    const end = lf < 0 ? raw.length : lf + 1;
    const line = raw.subarray(pos, end);
    if (line[0] === 0x0a || (line[0] === 0x0d && line[1] === 0x0a)) break; // end of the header block
    const continuation = line[0] === 0x20 || line[0] === 0x09;
    if (!continuation) {
      const colon = line.indexOf(0x3a);
      dropping = colon > 0 && line.subarray(0, colon).toString('latin1').trim().toLowerCase() === wanted;
    }
    if (!dropping) kept.push(line);
    pos = end;
  }
  kept.push(raw.subarray(pos));
  return Buffer.concat(kept);
}
