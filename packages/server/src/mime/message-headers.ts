import type { Headers, HeaderValue } from 'mailparser';
import type { Address } from '../store/record.js';
import { addressList, firstAddress } from './addresses.js';

/** The addressing headers of a message, decoded (RFC 2047 names and subjects, UTF-8 headers). */
export interface MessageHeaders {
  messageId: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  subject: string;
}

export function messageHeaders(headers: Headers | undefined): MessageHeaders {
  const get = (key: string): HeaderValue | undefined => headers?.get(key);
  return {
    messageId: withoutAngleBrackets(firstString(get('message-id'))),
    from: firstAddress(get('from')),
    to: addressList(get('to')),
    cc: addressList(get('cc')),
    bcc: addressList(get('bcc')),
    replyTo: addressList(get('reply-to')),
    subject: firstString(get('subject')),
  };
}

function firstString(value: HeaderValue | undefined): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

/** As Mailpit: every leading "<" and trailing ">" removed. */
export function withoutAngleBrackets(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s[start] === '<') start++;
  while (end > start && s[end - 1] === '>') end--;
  return s.slice(start, end).trim();
}
