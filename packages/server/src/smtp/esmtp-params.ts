/**
 * ESMTP parameters of MAIL and RCPT (RFC 5321 4.1.2 esmtp-param): syntax, then the keywords this
 * receiver advertises — SIZE (RFC 1870), BODY (RFC 6152, RFC 3030), SMTPUTF8 (RFC 6531), RET,
 * ENVID, NOTIFY, ORCPT (RFC 3461). An unknown keyword is 555, a bad value 501.
 */
import type { Reply } from './replies.js';
import { replies } from './replies.js';

export type Params = Record<string, string>;

const PARAM = /^([A-Za-z0-9][A-Za-z0-9-]*)(?:=([\x21-\x3c\x3e-\x7e\u0080-\u{10FFFF}]+))?$/u;
const XTEXT = /^(?:[\x21-\x2a\x2c-\x3c\x3e-\x7e]|\+[0-9A-F]{2})+$/;
// RFC 6533 utf-8-addr-xtext: xtext plus UTF-8 and \x{HEX} escapes.
const UTF8_XTEXT = /^(?:[\x21-\x2a\x2c-\x3c\x3e-\x5b\x5d-\x7e\u0080-\u{10FFFF}]|\\x\{[0-9A-F]{1,6}\})+$/u;

/** Splits ` KEY=value KEY2` (keys upper-cased, "" for a keyword without value). */
export function parseParams(text: string): { ok: true; params: Params } | { ok: false; reply: Reply } {
  const params: Params = {};
  if (text.length > 0 && text[0] !== ' ') return { ok: false, reply: replies.badParam('text after the address') };
  for (const token of text.split(' ')) {
    if (token === '') continue;
    const m = PARAM.exec(token);
    if (!m) return { ok: false, reply: replies.badParam('malformed parameter') };
    const key = m[1]!.toUpperCase();
    if (Object.hasOwn(params, key)) return { ok: false, reply: replies.badParam(`duplicate parameter ${key}`) };
    params[key] = m[2] ?? '';
  }
  return { ok: true, params };
}

type Check = (value: string, limits: { maxMessageSize: number }) => Reply | null;

const flag: Check = (value) => (value === '' ? null : replies.badParam('this parameter takes no value'));

const MAIL_PARAMS: Record<string, Check> = {
  SIZE(value, { maxMessageSize }) {
    if (!/^\d{1,20}$/.test(value)) return replies.badParam('SIZE needs a number of bytes');
    return maxMessageSize > 0 && Number(value) > maxMessageSize ? replies.messageTooBig(maxMessageSize) : null;
  },
  BODY: (value) => (/^(7BIT|8BITMIME|BINARYMIME)$/i.test(value) ? null : replies.badParam('BODY must be 7BIT, 8BITMIME or BINARYMIME')),
  SMTPUTF8: flag,
  RET: (value) => (/^(FULL|HDRS)$/i.test(value) ? null : replies.badParam('RET must be FULL or HDRS')),
  ENVID: (value) => (value.length <= 100 && XTEXT.test(value) ? null : replies.badParam('ENVID must be xtext of up to 100 characters')),
};

/** RFC 4954 5: the authenticated identity a relay vouches for, `<>` when none; only where AUTH is offered. */
const MAIL_AUTH_PARAM: Record<string, Check> = {
  AUTH: (value) => (value === '<>' || (value.length <= 500 && XTEXT.test(value)) ? null : replies.badParam('AUTH must be <> or an xtext mailbox')),
};

const RCPT_PARAMS: Record<string, Check> = {
  NOTIFY(value) {
    const items = value.toUpperCase().split(',');
    const ok =
      (items.length === 1 && items[0] === 'NEVER') ||
      (items.every((v) => v === 'SUCCESS' || v === 'FAILURE' || v === 'DELAY') && new Set(items).size === items.length);
    return ok ? null : replies.badParam('NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY');
  },
  ORCPT(value) {
    const m = /^([A-Za-z0-9-]+);(.+)$/su.exec(value);
    const ok = m !== null && value.length <= 500 && (m[1]!.toLowerCase() === 'utf-8' ? UTF8_XTEXT : XTEXT).test(m[2]!);
    return ok ? null : replies.badParam('ORCPT must be addr-type;xtext');
  },
};

/**
 * First problem with MAIL parameters, or null. `extended` is false after HELO: no parameters then.
 * `authOffered`: AUTH is advertised, so MAIL's AUTH= parameter is known too.
 */
export function checkMailParams(params: Params, extended: boolean, maxMessageSize: number, authOffered = false): Reply | null {
  const known = !extended ? {} : authOffered ? { ...MAIL_PARAMS, ...MAIL_AUTH_PARAM } : MAIL_PARAMS;
  return check(params, known, maxMessageSize);
}

export function checkRcptParams(params: Params, extended: boolean): Reply | null {
  return check(params, extended ? RCPT_PARAMS : {}, 0);
}

function check(params: Params, known: Record<string, Check>, maxMessageSize: number): Reply | null {
  for (const [key, value] of Object.entries(params)) {
    const rule = Object.hasOwn(known, key) ? known[key] : undefined;
    if (!rule) return replies.unknownParam(key);
    const problem = rule(value, { maxMessageSize });
    if (problem) return problem;
  }
  return null;
}
