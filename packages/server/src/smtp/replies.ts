/**
 * Every reply the receiver sends, in one place: the basic code (RFC 5321 4.2.3) and the enhanced
 * status code (RFC 3463, RFC 5248), sent always (RFC 2034 allows it before EHLO too). Replies
 * never echo client input back.
 */

/** One reply line without its CRLF; multi-line replies are built by `multiline`. */
export type Reply = string;

export function multiline(code: number, lines: readonly string[]): Reply {
  return lines.map((line, i) => `${code}${i === lines.length - 1 ? ' ' : '-'}${line}`).join('\r\n');
}

export const replies = {
  greeting: (hostname: string): Reply => `220 ${hostname} ESMTP mailsink`,
  bye: (hostname: string): Reply => `221 2.0.0 ${hostname} Bye`,
  helo: (hostname: string): Reply => `250 ${hostname}`,
  ok: '250 2.0.0 Ok',
  senderOk: '250 2.1.0 Ok',
  recipientOk: '250 2.1.5 Ok',
  queued: (id: string): Reply => `250 2.0.0 Ok: queued as ${id}`,
  chunkReceived: (octets: number): Reply => `250 2.0.0 ${octets} octets received`,
  startTls: '220 2.0.0 Ready to start TLS',
  authOk: '235 2.7.0 Authentication successful',
  authChallenge: (base64: string): Reply => (base64 === '' ? '334 ' : `334 ${base64}`),
  startData: '354 End data with <CR><LF>.<CR><LF>',
  vrfy: '252 2.0.0 Cannot VRFY user, but will accept the message and attempt delivery',
  help: '214 2.0.0 Commands: HELO EHLO MAIL RCPT DATA BDAT RSET NOOP QUIT HELP VRFY',

  shuttingDown: (hostname: string): Reply => `421 4.3.2 ${hostname} Service shutting down`,
  timeout: (hostname: string): Reply => `421 4.4.2 ${hostname} Error: timeout exceeded`,
  tooManyConnections: (hostname: string): Reply => `421 4.7.0 ${hostname} Error: too many connections, try again later`,
  tooManyConnectionsFromYou: (hostname: string): Reply =>
    `421 4.7.0 ${hostname} Error: too many connections from your address, try again later`,
  tlsUnavailable: '454 4.7.0 Error: TLS not available',
  outOfMemoryBudget: '452 4.3.1 Error: insufficient system resources, try again later',
  storageFailed: '451 4.3.0 Error: the message could not be stored, try again later',
  tooManyRecipients: '452 4.5.3 Error: too many recipients',

  unknownCommand: '500 5.5.1 Error: command not recognized',
  lineTooLong: '500 5.5.2 Error: line too long',
  badCommandBytes: (why: string): Reply => `500 5.5.2 Error: ${why}`,
  syntax: (usage: string): Reply => `501 5.5.4 Syntax: ${usage}`,
  badParam: (why: string): Reply => `501 5.5.4 Error: ${why}`,
  badSender: (why: string): Reply => `501 5.1.7 Error: bad sender address syntax: ${why}`,
  badRecipient: (why: string): Reply => `501 5.1.3 Error: bad recipient address syntax: ${why}`,
  authCancelled: '501 5.7.0 Error: authentication cancelled',
  authBadBase64: '501 5.5.2 Error: cannot decode the response as base64 of UTF-8 text',
  authSyntax: (why: string): Reply => `501 5.5.4 Error: ${why}`,
  badMechanism: '504 5.5.4 Error: unrecognized authentication type (PLAIN, LOGIN, CRAM-MD5)',
  alreadyAuthenticated: '503 5.5.1 Error: already authenticated',
  authInTransaction: '503 5.5.1 Error: AUTH not permitted during a mail transaction',
  alreadyTls: '503 5.5.1 Error: TLS already active',
  needTls: '530 5.7.0 Error: must issue a STARTTLS command first',
  needAuth: '530 5.7.0 Error: authentication required',
  authFailed: '535 5.7.8 Error: authentication credentials invalid',
  notImplemented: '502 5.5.1 Error: command not implemented',
  needHelo: '503 5.5.1 Error: send HELO/EHLO first',
  needMail: '503 5.5.1 Error: need MAIL command',
  needRcpt: '503 5.5.1 Error: need RCPT command',
  nestedMail: '503 5.5.1 Error: nested MAIL command',
  dataAfterBdat: '503 5.5.1 Error: DATA cannot follow BDAT in one transaction',
  rcptAfterBdat: '503 5.5.1 Error: RCPT cannot follow BDAT in one transaction',
  binaryNeedsBdat: '503 5.5.1 Error: BODY=BINARYMIME requires BDAT',
  messageTooBig: (max: number): Reply => `552 5.3.4 Error: message size exceeds the maximum of ${max} bytes`,
  tooManyHeaderLines: (max: number): Reply => `552 5.3.4 Error: more than ${max} header lines`,
  headerTooBig: (max: number): Reply => `552 5.3.4 Error: header section over ${max} bytes`,
  needSmtputf8: '553 5.6.7 Error: non-ASCII address requires SMTPUTF8',
  unknownParam: (key: string): Reply => `555 5.5.4 Error: unsupported parameter ${key}`,
} as const;

/** A reply chosen by a fault policy: its code kept to 4xx/5xx, its text to one printable line. */
export function faultReply(reply: { code: number; enhanced?: string; text: string }): Reply {
  const code = Number.isInteger(reply.code) && reply.code >= 400 && reply.code <= 599 ? reply.code : 451;
  const enhanced = reply.enhanced && /^[245]\.\d{1,3}\.\d{1,3}$/.test(reply.enhanced) ? `${reply.enhanced} ` : '';
  const text = reply.text.replace(/[^\x20-\x7e]/g, ' ').slice(0, 400) || 'Error';
  return `${code} ${enhanced}${text}`;
}
