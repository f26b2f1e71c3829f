/** Test messages for mime/: composed with nodemailer's MailComposer (no network) or written by hand. */
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import type { Envelope } from '../../src/envelope.js';

/** What mailsink's SMTP receiver puts in front of every stored message. */
export const RECEIVED = 'Received: from client.test (127.0.0.1) by mailsink with ESMTP id T1; Mon, 23 Nov 2026 12:34:38 +0000\r\n';

export async function compose(options: Mail.Options): Promise<Buffer> {
  const built = await new MailComposer(options).compile().build();
  return Buffer.concat([Buffer.from(RECEIVED), built]);
}

/** A hand-written message: lines joined with CRLF, mailsink's Received header in front. */
export function handWritten(...lines: string[]): Buffer {
  return Buffer.from(RECEIVED + lines.join('\r\n'), 'utf8');
}

export function envelope(...rcptTo: string[]): Envelope {
  return {
    mailFrom: { address: 'sender@client.test', params: {} },
    rcptTo: rcptTo.map((address) => ({ address, params: {} })),
    helo: 'client.test',
    greeting: 'EHLO',
    client: { address: '127.0.0.1', port: 40000 },
    server: { address: '127.0.0.1', port: 1025, hostname: 'mailsink.test' },
    protocol: 'ESMTP',
    tls: null,
    auth: null,
    receivedAt: '2026-11-23T12:34:38.000Z',
    sessionId: 'T1',
  };
}

/** Deterministic pseudo-random bytes (a fixed-seed LCG), so a failure can be reproduced. */
export function garbage(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
