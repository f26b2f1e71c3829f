/**
 * The benchmark's messages: a ~5 KB multipart/alternative (text + HTML) and a ~200 KB
 * multipart/mixed with a base64 attachment. Each message has its own subject, recipient and a
 * word in its text, so that searches over addresses, subject and text match a known handful.
 */
import { randomBytes } from 'node:crypto';
import type { OutgoingMessage } from '../smtp/index.js';

export type MessageKind = '5kb' | '200kb';

export const SENDER = 'sender@bench.test';

/** How many distinct recipients, subject words and text words the messages cycle through. */
const RECIPIENTS = 1000;
const SUBJECT_WORDS = 500;
const TEXT_WORDS = 700;

export const searchTerms = {
  address: (k: number) => `rcpt${k % RECIPIENTS}@bench.test`,
  subject: (k: number) => `subjword${k % SUBJECT_WORDS}`,
  text: (k: number) => `textword${k % TEXT_WORDS}`,
};

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut ' +
  'labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris.';

function paragraphs(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${i + 1}. ${LOREM}`);
}

/** The parts of a 5 KB message after its per-message first text line. */
const ALTERNATIVE_REST = (() => {
  const text = paragraphs(11).join('\r\n');
  const html = `<html><body>\r\n${paragraphs(11).map((p) => `<p style="margin:0 0 8px">${p}</p>`).join('\r\n')}\r\n</body></html>`;
  return Buffer.from(
    `${text}\r\n\r\n--alt\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n` +
      `${html}\r\n--alt--\r\n`,
  );
})();

/** ~145 KB of binary, base64 in 76-column lines (~197 KB on the wire). */
const ATTACHMENT_REST = (() => {
  const base64 = randomBytes(145 * 1024).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += 76) lines.push(base64.slice(i, i + 76));
  return Buffer.from(
    `${paragraphs(3).join('\r\n')}\r\n\r\n--mixed\r\nContent-Type: application/octet-stream; name="report.bin"\r\n` +
      `Content-Disposition: attachment; filename="report.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
      `${lines.join('\r\n')}\r\n--mixed--\r\n`,
  );
})();

/**
 * Message number `n`. `subject` replaces the generated subject (the wait scenario uses a unique
 * one). No line starts with "." so no dot-stuffing is needed.
 */
export function makeMessage(kind: MessageKind, n: number, subject?: string): OutgoingMessage {
  const to = searchTerms.address(n);
  const type = kind === '5kb' ? 'multipart/alternative; boundary="alt"' : 'multipart/mixed; boundary="mixed"';
  const boundary = kind === '5kb' ? 'alt' : 'mixed';
  const head =
    `From: Bench Sender <${SENDER}>\r\nTo: Recipient ${n % RECIPIENTS} <${to}>\r\n` +
    `Subject: ${subject ?? `Order ${n} confirmed ${searchTerms.subject(n)}`}\r\n` +
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}\r\nMessage-ID: <bench-${n}-${process.pid}@bench.test>\r\n` +
    `MIME-Version: 1.0\r\nContent-Type: ${type}\r\n\r\n` +
    `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n` +
    `Reference ${searchTerms.text(n)} for order ${n}.\r\n`;
  return { from: SENDER, to: [to], data: Buffer.concat([Buffer.from(head), kind === '5kb' ? ALTERNATIVE_REST : ATTACHMENT_REST]) };
}
