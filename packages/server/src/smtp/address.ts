/**
 * The paths of MAIL FROM and RCPT TO (RFC 5321 4.1.2): `<>`, `<Postmaster>`, source routes
 * (dropped, Appendix C), quoted local parts, address literals, and the UTF-8 forms of RFC 6531.
 * Whether UTF-8 is allowed is the caller's decision: the parser only reports that it was used.
 */
import net from 'node:net';

export interface ParsedPath {
  /** Exactly as sent, without angle brackets and source route; "" for `<>`. */
  address: string;
  /** Whatever followed the closing `>` (the ESMTP parameters). */
  rest: string;
  nonAscii: boolean;
}

export type PathResult = { ok: true; path: ParsedPath } | { ok: false; reason: string };

const ATEXT = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~\\u0080-\\u{10FFFF}]";
const DOT_STRING = new RegExp(`${ATEXT}+(?:\\.${ATEXT}+)*`, 'uy');
// qtextSMTP (printable ASCII but `"` and `\`, plus UTF-8 with SMTPUTF8) or a quoted pair.
const QUOTED_STRING = /"(?:[\x20\x21\x23-\x5b\x5d-\x7e\u0080-\u{10FFFF}]|\\[\x20-\x7e])*"/uy;
// Labels are letters, digits and hyphens (underscores too: common in internal host names), or
// U-labels with SMTPUTF8.
const LABEL = /^[A-Za-z0-9_\u0080-\u{10FFFF}](?:[A-Za-z0-9_\-\u0080-\u{10FFFF}]*[A-Za-z0-9_\u0080-\u{10FFFF}])?$/u;
const GENERAL_LITERAL = /^[A-Za-z0-9-]*[A-Za-z0-9]:[\x21-\x5a\x5e-\x7e]+$/;

export function isDomain(text: string): boolean {
  if (text.length === 0 || text.length > 255) return false;
  return text.split('.').every((label) => LABEL.test(label));
}

/** `[192.0.2.1]`, `[IPv6:2001:db8::1]` or a General-address-literal (4.1.3). */
export function isAddressLiteral(text: string): boolean {
  if (!text.startsWith('[') || !text.endsWith(']')) return false;
  const inner = text.slice(1, -1);
  if (/^IPv6:/i.test(inner)) return net.isIPv6(inner.slice(5));
  return net.isIPv4(inner) || GENERAL_LITERAL.test(inner);
}

export function parsePath(text: string, kind: 'reverse' | 'forward'): PathResult {
  if (text[0] !== '<') return { ok: false, reason: 'the address must be in angle brackets' };
  let pos = 1;
  if (text[pos] === '>') {
    if (kind === 'forward') return { ok: false, reason: 'empty recipient' };
    return { ok: true, path: { address: '', rest: text.slice(2), nonAscii: false } };
  }
  if (text[pos] === '@') {
    const colon = text.indexOf(':', pos);
    if (colon < 0) return { ok: false, reason: 'bad source route' };
    const route = text.slice(pos, colon).split(',');
    if (!route.every((hop) => hop.startsWith('@') && isDomain(hop.slice(1)))) return { ok: false, reason: 'bad source route' };
    pos = colon + 1;
  }
  const mailboxStart = pos;
  const local = scanLocalPart(text, pos);
  if (local < 0) return { ok: false, reason: 'bad local part' };
  pos = local;
  if (text[pos] === '>') {
    // Only `<Postmaster>` may go without a domain (4.1.1.3).
    if (kind === 'reverse' || text.slice(mailboxStart, pos).toLowerCase() !== 'postmaster') {
      return { ok: false, reason: 'the address needs a domain' };
    }
  } else {
    if (text[pos] !== '@') return { ok: false, reason: 'bad local part' };
    // A literal may itself contain `>`; it ends at its `]`.
    const close = text.indexOf('>', text[pos + 1] === '[' ? Math.max(pos, text.indexOf(']', pos)) : pos);
    if (close < 0) return { ok: false, reason: 'missing >' };
    const domain = text.slice(pos + 1, close);
    if (!isDomain(domain) && !isAddressLiteral(domain)) return { ok: false, reason: 'bad domain' };
    pos = close;
  }
  const address = text.slice(mailboxStart, pos);
  return { ok: true, path: { address, rest: text.slice(pos + 1), nonAscii: /[^\x00-\x7f]/.test(address) } };
}

/** Returns the offset after a Dot-string or Quoted-string local part, or -1. */
function scanLocalPart(text: string, pos: number): number {
  const pattern = text[pos] === '"' ? QUOTED_STRING : DOT_STRING;
  pattern.lastIndex = pos;
  return pattern.test(text) ? pattern.lastIndex : -1;
}
