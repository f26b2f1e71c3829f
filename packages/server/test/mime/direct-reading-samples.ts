/** Sample messages for the tests that hold the direct reading to mailparser's. */
import { expect } from 'vitest';
import { compose, garbage, handWritten } from './messages.js';

const LOGO = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** Messages of the shapes applications send, each of which the direct reading must take. */
export async function everydayMessages(): Promise<Array<[string, Buffer]>> {
  const base = { from: 'Alice Example <alice@example.com>', to: 'bob@example.com', subject: 'Order 42 confirmed' };
  return [
    ['plain text', await compose({ ...base, text: 'Hello Bob,\r\n\r\n   your order\tshipped.\r\n' })],
    ['UTF-8 text (quoted-printable)', await compose({ ...base, text: 'Grüße aus Köln – café ✓\r\n'.repeat(3) })],
    ['UTF-8 text (base64)', await compose({ ...base, text: '你好，世界。'.repeat(40), textEncoding: 'base64' })],
    ['HTML only', await compose({ ...base, html: '<p>Your <b>code</b> is 424242</p><script>x()</script>' })],
    ['text and HTML', await compose({ ...base, text: 'The text part', html: '<p>The HTML part</p>' })],
    ['empty text beside HTML', await compose({ ...base, text: '', html: '<p>only the HTML says it</p>' })],
    ['text that starts with an emoji beside HTML', await compose({ ...base, text: '👋\u200b Hi Bob', html: '<p>Hi Bob</p>' })],
    [
      'encoded names and subject, groups, several recipients',
      await compose({
        from: '"Jörg Müller" <joerg@example.com>',
        to: ['François <francois@example.com>', 'bob@example.com'],
        cc: 'Team: carol@example.com, "Dave D." <dave@example.com>;',
        bcc: 'secret@example.com',
        replyTo: 'Ünïcode Reply <reply@example.com>',
        subject: `Grüße ${'and a long subject that folds '.repeat(4)}👋`,
        messageId: '<abc-1@example.com>',
        date: new Date('2026-03-04T05:06:07Z'),
        text: 'hi',
      }),
    ],
    [
      'attachments and an inline image',
      await compose({
        ...base,
        text: 'see attached',
        html: '<p>logo: <img src="cid:logo@example.com"></p>',
        attachments: [
          { filename: 'report.pdf', content: Buffer.from('%PDF-1.4 fake') },
          { filename: 'data.csv', content: 'a,b\n1,2\n' },
          { filename: 'notes.txt', content: 'plain text attachment' },
          { filename: 'logo.png', content: LOGO, cid: 'logo@example.com' },
          { content: LOGO, contentType: 'image/png' },
          { content: 'x', contentType: 'application/octet-stream' },
        ],
      }),
    ],
    [
      'inline image without a name',
      await compose({ ...base, html: '<img src="cid:pic@x">', attachments: [{ content: LOGO, contentType: 'image/png', cid: 'pic@x' }] }),
    ],
    [
      'no Message-ID, no Date, no From',
      handWritten('To: bob@example.com', 'Subject: bare', 'Content-Type: text/plain', '', 'body'),
    ],
    [
      'a Date folded after a space, and one with a double space and a comment',
      handWritten('From: a@example.com', 'To: bob@example.com', 'Date: Mon, 7 Dec 2026 \t', ' 10:11:12 +0100 ', 'Date: Tue,  8 Dec 2026 10:00:00 +0000', 'Subject: s', '', 'x'),
    ],
    ['a Date with a comment', handWritten('From: a@example.com', 'To: bob@example.com', 'Date:  Tue,  8 Dec 2026 10:00:00 +0000 (UTC)', 'Subject: s', '', 'x')],
    ['no Content-Type at all', handWritten('From: a@example.com', 'To: bob@example.com', 'Subject: s', '', 'just text')],
    [
      'an empty Content-ID before the real one',
      handWritten(
        'From: a@example.com', 'To: bob@example.com', 'Subject: s', 'Content-Type: multipart/mixed; boundary=b', '',
        '--b', 'Content-Type: text/plain', '', 'see the picture', '--b', 'Content-Type: image/png', 'Content-ID:', 'Content-ID: <x@y>', '', 'iVBO', '--b--',
      ),
    ],
    [
      'hand-written multipart with preamble and epilogue',
      handWritten(
        'From: a@example.com',
        'To: bob@example.com',
        'Subject: parts',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="outer"',
        '',
        'This is a preamble.',
        '--outer',
        'Content-Type: multipart/alternative; boundary=inner',
        '',
        '--inner',
        'Content-Type: text/plain; charset=us-ascii',
        'Content-Transfer-Encoding: 7bit',
        '',
        'Reference textword1 for order 1.',
        '--inner',
        'Content-Type: text/html; charset="UTF-8"',
        '',
        '<html><body><p>Reference</p></body></html>',
        '--inner--',
        '',
        '--outer',
        'Content-Type: application/pdf; name="invoice.pdf"',
        'Content-Disposition: attachment',
        'Content-Transfer-Encoding: base64',
        '',
        'JVBERi0xLjQK',
        '--outer--',
        'epilogue',
      ),
    ],
  ];
}

/** Messages the direct reading must leave to mailparser. */
export function unusualMessages(): Array<[string, Buffer]> {
  const head = ['From: a@example.com', 'To: bob@example.com', 'Subject: s'];
  const multipart = (...body: string[]) => handWritten(...head, 'Content-Type: multipart/mixed; boundary="b"', '', ...body);
  return [
    ['bare LF line ends', Buffer.from('From: a@example.com\nTo: bob@example.com\n\nbody\n')],
    ['8-bit header', handWritten(...head, 'X-Name: Jöran', '', 'body')],
    ['a line without a colon in the header', handWritten(...head, 'not a field', '', 'body')],
    ['headers only', Buffer.from('From: a@example.com\r\nSubject: s\r\n')],
    ['ISO-8859-1 text', handWritten(...head, 'Content-Type: text/plain; charset=iso-8859-1', '', 'caf\u00e9')],
    ['format=flowed', handWritten(...head, 'Content-Type: text/plain; format=flowed', '', 'a \r\nb')],
    ['multipart/digest', handWritten(...head, 'Content-Type: multipart/digest; boundary=b', '', '--b', '', 'x', '--b--')],
    ['message/rfc822 part', multipart('--b', 'Content-Type: message/rfc822', '', 'Subject: inner', '', 'x', '--b--')],
    ['no closing delimiter', multipart('--b', 'Content-Type: text/plain', '', 'x')],
    ['a delimiter line with trailing space', multipart('--b ', 'Content-Type: text/plain', '', 'x', '--b--')],
    ['an RFC 2231 file name', multipart('--b', "Content-Type: application/pdf; name*=utf-8''r%C3%A9sum%C3%A9.pdf", '', 'x', '--b--')],
    ['an encoded-word file name', multipart('--b', 'Content-Type: application/pdf; name="=?UTF-8?Q?r=C3=A9sum=C3=A9.pdf?="', '', 'x', '--b--')],
    ['two text parts', multipart('--b', 'Content-Type: text/plain', '', 'one', '--b', 'Content-Type: text/plain', '', 'two', '--b--')],
    ['a part without Content-Type', multipart('--b', 'X-Other: 1', '', 'x', '--b--')],
    ['a multipart without boundary', handWritten(...head, 'Content-Type: multipart/mixed', '', 'x')],
    ['an address with an encoded word', handWritten('From: =?UTF-8?Q?ceo=40bank.com?=@evil.test', '', 'x')],
    [
      'an empty text part beside HTML',
      handWritten(...head, 'Content-Type: multipart/alternative; boundary=a', '', '--a', 'Content-Type: text/plain; charset=utf-8', '', '', '--a', 'Content-Type: text/html', '', '<p>hello</p>', '--a--'),
    ],
    ['base64 text padded before its end', handWritten(...head, 'Content-Type: text/plain', 'Content-Transfer-Encoding: base64', '', 'SGk=', 'IHRoZXJl')],
  ];
}

/** Byte-level damage to a message: cuts, deletions, duplicated and inserted lines. */
function mutations(raw: Buffer, count: number, seed: number): Buffer[] {
  const noise = garbage(count * 4, seed);
  const pick = (i: number, k: number) => noise.readUInt32BE(i * 4) % k;
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const at = pick(i, raw.length);
    const kind = i % 5;
    if (kind === 0) out.push(raw.subarray(0, at));
    else if (kind === 1) out.push(Buffer.concat([raw.subarray(0, at), raw.subarray(Math.min(raw.length, at + 1 + (i % 7)))]));
    else if (kind === 2) out.push(Buffer.concat([raw.subarray(0, at), Buffer.from('\r\n--b\r\n'), raw.subarray(at)]));
    else if (kind === 3) out.push(Buffer.concat([raw.subarray(0, at), Buffer.from([0x0a]), raw.subarray(at)]));
    else out.push(Buffer.concat([raw.subarray(0, at), Buffer.from('\r\n\r\n'), raw.subarray(at)]));
  }
  return out;
}

/** Every sample above damaged 80 ways, plus random bytes: what the direct reading is checked on. */
export async function damagedMessages(): Promise<Buffer[]> {
  const samples = [...(await everydayMessages()).map(([, raw]) => raw), ...unusualMessages().map(([, raw]) => raw)];
  return samples.flatMap((raw, i) => [...mutations(raw, 80, i + 1), garbage(600, i + 100)]);
}

/**
 * Holds `direct` to `parser` on every damaged message: equal, or undefined (left to the parser).
 * Returns how many were read directly, for the caller to check that the comparison meant something.
 */
export async function compareOnDamaged<T>(direct: (raw: Buffer) => T | undefined, parser: (raw: Buffer) => Promise<T>): Promise<{ taken: number; checked: number }> {
  const damaged = await damagedMessages();
  let taken = 0;
  for (const raw of damaged) {
    const fast = direct(raw);
    if (fast === undefined) continue;
    taken++;
    expect(fast, JSON.stringify(raw.toString('latin1').slice(0, 2000))).toEqual(await parser(raw));
  }
  return { taken, checked: damaged.length };
}
