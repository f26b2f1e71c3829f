/**
 * The `Received:` trace header prepended to every stored message (RFC 5321 4.4, RFC 5322 3.6.7),
 * folded so that lines stay within 78 characters where the parts allow it. The HELO argument is
 * the client's free text: it is used as the from-domain only when it is a domain or an address
 * literal in ASCII, otherwise the client's address stands there and the HELO text goes, defanged, into a
 * comment.
 */
import net from 'node:net';
import { isAddressLiteral, isDomain } from './address.js';

export interface ReceivedInfo {
  helo: string;
  clientAddress: string;
  hostname: string;
  protocol: string;
  /** Named in a `for` clause; only given when the message has exactly one recipient. */
  recipient?: string;
  date: Date;
}

const MAX_LINE = 78;

export function receivedHeader(info: ReceivedInfo): string {
  const literal = addressLiteral(info.clientAddress);
  const clauses =
    /^[\x21-\x7e]+$/.test(info.helo) && (isDomain(info.helo) || isAddressLiteral(info.helo))
      ? [`from ${info.helo}`, `(${literal})`]
      : [`from ${literal}`, `(helo=${commentText(info.helo)})`];
  clauses.push(`by ${info.hostname}`, '(mailsink)', `with ${info.protocol}`);
  if (info.recipient !== undefined) clauses.push(`for <${info.recipient}>`);
  const lines = [`Received:`];
  for (const clause of clauses) {
    const last = lines.length - 1;
    if (lines[last]!.length + 1 + clause.length <= MAX_LINE || lines[last] === 'Received:') lines[last] += ` ${clause}`;
    else lines.push(`\t${clause}`);
  }
  lines[lines.length - 1] += ';';
  lines.push(`\t${rfc5322Date(info.date)}`);
  return `${lines.join('\r\n')}\r\n`;
}

/** `[192.0.2.1]` or `[IPv6:2001:db8::1]`. */
function addressLiteral(address: string): string {
  return net.isIPv6(address) ? `[IPv6:${address}]` : `[${address}]`;
}

/** A comment may hold printable ASCII but its own delimiters; everything else becomes `?`. */
function commentText(text: string): string {
  return text.slice(0, 200).replace(/[^\x20-\x27\x2a-\x5b\x5d-\x7e]/g, '?');
}

/** RFC 5322 date-time in UTC, e.g. `Tue, 02 Jan 2024 15:04:05 +0000`. */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}
