/**
 * SMTP AUTH (RFC 4954) with the SASL mechanisms PLAIN (RFC 4616), LOGIN and CRAM-MD5 (RFC 2195):
 * one exchange per AUTH command, fed the client's base64 lines, ending with the credentials it
 * carried. Whether they are right is `verifyCredentials`' business.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { replies, type Reply } from './replies.js';

export const MECHANISMS = ['PLAIN', 'LOGIN', 'CRAM-MD5'] as const;
export type Mechanism = (typeof MECHANISMS)[number];

/** What the client proved: a password (PLAIN, LOGIN) or an HMAC of our challenge (CRAM-MD5). */
export type Credentials =
  | { username: string; password: string }
  | { username: string; challenge: string; digest: string };

export type SaslStep =
  /** Send `334 <challenge>` (already base64) and feed the next line. */
  | { kind: 'challenge'; challenge: string }
  | { kind: 'done'; credentials: Credentials }
  | { kind: 'error'; reply: Reply };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const USERNAME_PROMPT = Buffer.from('Username:').toString('base64');
const PASSWORD_PROMPT = Buffer.from('Password:').toString('base64');

export function isMechanism(name: string): name is Mechanism {
  return (MECHANISMS as readonly string[]).includes(name);
}

export class SaslExchange {
  private username: string | null = null;
  private challenge = '';

  constructor(
    readonly mechanism: Mechanism,
    private readonly hostname: string,
  ) {}

  /** The AUTH command itself, with its initial response if any (`=` is an empty one). */
  start(initial: string | undefined): SaslStep {
    switch (this.mechanism) {
      case 'PLAIN':
        return initial === undefined ? { kind: 'challenge', challenge: '' } : this.plain(initial);
      case 'LOGIN':
        return initial === undefined ? { kind: 'challenge', challenge: USERNAME_PROMPT } : this.login(initial);
      case 'CRAM-MD5': {
        if (initial !== undefined) return { kind: 'error', reply: replies.authSyntax('CRAM-MD5 takes no initial response') };
        this.challenge = `<${randomBytes(8).toString('hex')}.${Date.now()}@${this.hostname}>`;
        return { kind: 'challenge', challenge: Buffer.from(this.challenge).toString('base64') };
      }
    }
  }

  /** A response line from the client. */
  next(line: string): SaslStep {
    if (line === '*') return { kind: 'error', reply: replies.authCancelled };
    switch (this.mechanism) {
      case 'PLAIN':
        return this.plain(line);
      case 'LOGIN':
        return this.login(line);
      case 'CRAM-MD5': {
        const text = decode(line);
        if (text === null) return badBase64;
        const space = text.lastIndexOf(' ');
        const digest = text.slice(space + 1).toLowerCase();
        if (space <= 0 || !/^[0-9a-f]{32}$/.test(digest)) return { kind: 'error', reply: replies.authSyntax('expected "user digest"') };
        return { kind: 'done', credentials: { username: text.slice(0, space), challenge: this.challenge, digest } };
      }
    }
  }

  private plain(response: string): SaslStep {
    const text = decode(response);
    if (text === null) return badBase64;
    const parts = text.split('\0');
    if (parts.length !== 3 || parts[1] === '') return { kind: 'error', reply: replies.authSyntax('expected authzid NUL user NUL password') };
    return { kind: 'done', credentials: { username: parts[1]!, password: parts[2]! } };
  }

  private login(response: string): SaslStep {
    const text = decode(response);
    if (text === null) return badBase64;
    if (this.username === null) {
      if (text === '') return { kind: 'error', reply: replies.authSyntax('the user name is empty') };
      this.username = text;
      return { kind: 'challenge', challenge: PASSWORD_PROMPT };
    }
    return { kind: 'done', credentials: { username: this.username, password: text } };
  }
}

const badBase64: SaslStep = { kind: 'error', reply: replies.authBadBase64 };

/** Strict base64 of UTF-8 text; `=` alone is the empty response (RFC 4954 4). */
function decode(text: string): string | null {
  if (text === '=') return '';
  if (!BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return isUtf8(bytes) ? bytes.toString('utf8') : null;
}

/** True when `users` knows the user and the proof matches; null `users` accepts anyone. */
export function verifyCredentials(users: ReadonlyMap<string, string> | null, credentials: Credentials): boolean {
  if (users === null) return true;
  const password = users.get(credentials.username);
  if (password === undefined) return false;
  if ('password' in credentials) return sameBytes(Buffer.from(credentials.password), Buffer.from(password));
  const expected = createHmac('md5', password).update(credentials.challenge).digest('hex');
  return sameBytes(Buffer.from(credentials.digest), Buffer.from(expected));
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
