import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getPart, parseMessage, readHeaders, summarize } from '../../src/mime/index.js';
import { compose, envelope, handWritten } from './messages.js';

function checksums(content: Buffer | string) {
  const hex = (algo: string) => createHash(algo).update(content).digest('hex');
  return { MD5: hex('md5'), SHA1: hex('sha1'), SHA256: hex('sha256') };
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const PDF = Buffer.from('%PDF-1.4\n% fake but binary: \u00ff\u0000\u0001', 'latin1');

/**
 * multipart/mixed
 *   1     multipart/alternative
 *   1.1     text/plain
 *   1.2     multipart/related
 *   1.2.1     text/html
 *   1.2.2     image/png (cid:logo@example.com)
 *   2     application/pdf  report.pdf
 *   3     text/plain       ../../etc/passwd
 */
async function richMessage(): Promise<Buffer> {
  return compose({
    from: 'Alice <alice@example.com>',
    to: 'bob@example.com',
    subject: 'Files',
    text: 'Plain words',
    html: '<p>Rich <b>words</b> <img src="cid:logo@example.com"></p>',
    attachments: [
      { filename: 'logo.png', content: PNG, cid: 'logo@example.com' },
      { filename: 'report.pdf', content: PDF, contentType: 'application/pdf' },
      { filename: '../../etc/passwd', content: 'root:x:0:0\n', contentType: 'text/plain' },
    ],
  });
}

describe('parseMessage', () => {
  it('lists attachments and inline parts with Mailpit PartIDs, names, types, sizes and checksums', async () => {
    const m = await parseMessage(await richMessage());
    expect(m.Inline).toEqual([
      { PartID: '1.2.2', FileName: 'logo.png', ContentType: 'image/png', ContentID: 'logo@example.com', Size: PNG.length, Checksums: checksums(PNG) },
    ]);
    expect(m.Attachments).toEqual([
      { PartID: '2', FileName: 'report.pdf', ContentType: 'application/pdf', ContentID: '', Size: PDF.length, Checksums: checksums(PDF) },
      { PartID: '3', FileName: 'passwd', ContentType: 'text/plain', ContentID: '', Size: 11, Checksums: checksums('root:x:0:0\n') },
    ]);
    expect(m.Text).toBe('Plain words');
    expect(m.HTML).toBe('<p>Rich <b>words</b> <img src="cid:logo@example.com"></p>');
    expect(m.parseError).toBeUndefined();
  });

  it('agrees with summarize on the counts', async () => {
    const raw = await richMessage();
    const [m, s] = await Promise.all([parseMessage(raw), summarize(raw, envelope('bob@example.com'))]);
    expect([s.attachments, s.inline]).toEqual([m.Attachments.length, m.Inline.length]);
  });

  it('serves each listed part by its PartID, and nothing for other IDs', async () => {
    const raw = await richMessage();
    expect(await getPart(raw, '1.2.2')).toEqual({ contentType: 'image/png', fileName: 'logo.png', content: PNG });
    expect(await getPart(raw, '2')).toEqual({ contentType: 'application/pdf', fileName: 'report.pdf', content: PDF });
    expect((await getPart(raw, '3'))?.fileName).toBe('passwd');
    for (const id of ['0', '1', '1.1', '1.2.1', '4', '2.1', '', '../2']) {
      expect(await getPart(raw, id), id).toBeUndefined();
    }
  });

  it('numbers the only part of a single-part message "0"', async () => {
    const raw = handWritten(
      'From: a@example.com',
      'Subject: just a file',
      'Content-Type: application/pdf; name="only.pdf"',
      'Content-Disposition: attachment; filename="only.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      PDF.toString('base64'),
    );
    const m = await parseMessage(raw);
    expect(m.Attachments.map((a) => [a.PartID, a.FileName, a.Size])).toEqual([['0', 'only.pdf', PDF.length]]);
    expect((await getPart(raw, '0'))?.content).toEqual(PDF);
  });

  it('lists parts breadth-first as Mailpit does, keeping the tree numbers', async () => {
    const raw = handWritten(
      'From: a@example.com',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: multipart/mixed; boundary="inner"',
      '',
      '--inner',
      'Content-Type: text/plain',
      '',
      'body',
      '--inner',
      'Content-Type: application/zip; name="deep.zip"',
      'Content-Disposition: attachment; filename="deep.zip"',
      '',
      'PK',
      '--inner--',
      '--outer',
      'Content-Type: application/zip; name="shallow.zip"',
      'Content-Disposition: attachment; filename="shallow.zip"',
      '',
      'PK',
      '--outer--',
      '',
    );
    const m = await parseMessage(raw);
    expect(m.Attachments.map((a) => [a.PartID, a.FileName])).toEqual([
      ['2', 'shallow.zip'],
      ['1.2', 'deep.zip'],
    ]);
  });

  it('sanitises file names and gives nameless parts a default one', async () => {
    const raw = handWritten(
      'From: a@example.com',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: application/octet-stream; name="..\\\\..\\\\windows\\\\evil.bat"',
      'Content-Disposition: attachment',
      '',
      'x',
      '--b',
      'Content-Type: application/pdf',
      "Content-Disposition: attachment; filename*=utf-8''..%2F..%2Fetc%2Fpasswd%00.pdf",
      '',
      'x',
      '--b',
      'Content-Type: text/plain',
      'Content-Disposition: attachment; filename="in\u0000voice\u202Efdp.exe"',
      '',
      'x',
      '--b',
      'Content-Type: image/gif',
      'Content-Disposition: attachment; filename="../.."',
      '',
      'x',
      '--b',
      'Content-Type: image/jpeg',
      'Content-ID: <photo-1@example.com>',
      '',
      'x',
      '--b--',
      '',
    );
    const m = await parseMessage(raw);
    expect(m.Attachments.map((a) => a.FileName)).toEqual(['evil.bat', 'passwd.pdf', 'invoicefdp.exe', 'part-4.gif']);
    expect(m.Inline.map((a) => [a.FileName, a.ContentID])).toEqual([['photo-1@example.com', 'photo-1@example.com']]);
    for (const name of [...m.Attachments, ...m.Inline].map((a) => a.FileName)) {
      expect(name).not.toMatch(/[/\\\u0000-\u001f\u202e]/);
    }
    expect((await getPart(raw, '2'))?.fileName).toBe('passwd.pdf');
  });

  it('keeps an attached message as one part instead of parsing into it', async () => {
    const inner = 'From: inner@example.com\r\nSubject: inner\r\n\r\nInner body\r\n';
    const raw = await compose({
      from: 'a@example.com',
      to: 'b@example.com',
      subject: 'Fwd',
      text: 'Forwarding',
      attachments: [{ filename: 'original.eml', content: inner, contentType: 'message/rfc822', contentDisposition: 'attachment' }],
    });
    const m = await parseMessage(raw);
    expect(m.Attachments.map((a) => [a.PartID, a.FileName, a.ContentType, a.Size])).toEqual([['2', 'original.eml', 'message/rfc822', inner.length]]);
    expect(m.Text).toBe('Forwarding');
    expect((await getPart(raw, '2'))?.content.toString()).toBe(inner);
  });

  it('converts HTML to Text when there is no text part, and gives empty HTML for text-only mail', async () => {
    const html = await parseMessage(await compose({ from: 'a@example.com', html: '<h1>Title</h1><p>Hello <b>there</b></p>' }));
    expect(html.Text).toContain('Hello there');
    expect(html.Text).not.toContain('<');
    const text = await parseMessage(await compose({ from: 'a@example.com', text: 'only text' }));
    expect([text.Text.trimEnd(), text.HTML]).toEqual(['only text', '']);
  });

  it('fills the addressing fields, Bcc from the header only', async () => {
    const raw = handWritten(
      'Return-Path: <bounces@example.com>',
      'From: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.com>',
      'To: Team: a@example.com, b@example.com;',
      'Cc: c@example.com',
      'Bcc: d@example.com',
      'Reply-To: r@example.com',
      'Subject: =?UTF-8?B?w5xiZXJzaWNodA==?=',
      'Message-ID: <id-1@example.com>',
      'Date: Wed, 04 Mar 2026 05:06:07 +0100',
      '',
      'x',
    );
    const m = await parseMessage(raw);
    expect(m).toMatchObject({
      MessageID: 'id-1@example.com',
      From: { Name: 'Zoë', Address: 'zoe@example.com' },
      To: [
        { Name: '', Address: 'a@example.com' },
        { Name: '', Address: 'b@example.com' },
      ],
      Cc: [{ Name: '', Address: 'c@example.com' }],
      Bcc: [{ Name: '', Address: 'd@example.com' }],
      ReplyTo: [{ Name: '', Address: 'r@example.com' }],
      ReturnPath: 'bounces@example.com',
      Subject: 'Übersicht',
      Date: '2026-03-04T04:06:07.000Z',
      Size: raw.length,
    });
    const noReturnPath = await parseMessage(handWritten('From: Zoe <zoe@example.com>', '', 'x'));
    expect(noReturnPath.ReturnPath).toBe('zoe@example.com');
  });

  describe('ListUnsubscribe', () => {
    const withHeader = (...headers: string[]) => parseMessage(handWritten('From: a@example.com', ...headers, '', 'x'));

    it('is empty without the header', async () => {
      expect((await withHeader()).ListUnsubscribe).toEqual({ Errors: '', Header: '', HeaderPost: '', Links: [] });
    });

    it('lists one mailto: and one https: link with the Post header', async () => {
      const m = await withHeader(
        'List-Unsubscribe: <mailto:leave@example.com?subject=unsubscribe>,',
        ' <https://example.com/unsubscribe?u=1>',
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      );
      expect(m.ListUnsubscribe).toEqual({
        Errors: '',
        Header: '<mailto:leave@example.com?subject=unsubscribe>, <https://example.com/unsubscribe?u=1>',
        HeaderPost: 'List-Unsubscribe=One-Click',
        Links: ['mailto:leave@example.com?subject=unsubscribe', 'https://example.com/unsubscribe?u=1'],
      });
    });

    it('reports what is wrong with a malformed header', async () => {
      const bare = await withHeader('List-Unsubscribe: https://example.com/u');
      expect(bare.ListUnsubscribe.Links).toEqual([]);
      expect(bare.ListUnsubscribe.Errors).toMatch(/no valid unsubscribe links/);
      const tooMany = await withHeader('List-Unsubscribe: <mailto:a@example.com>, <https://a.example>, <https://b.example>');
      expect(tooMany.ListUnsubscribe.Errors).toMatch(/maximum of one email and one HTTP link/);
      const twoHttp = await withHeader('List-Unsubscribe: <https://a.example/u>, <https://b.example/u>');
      expect(twoHttp.ListUnsubscribe).toMatchObject({ Links: ['https://a.example/u'], Errors: '"https://b.example/u" should only contain one HTTP link' });
      const ftp = await withHeader('List-Unsubscribe: <ftp://example.com/u>');
      expect(ftp.ListUnsubscribe.Errors).toMatch(/should start with either http\(s\):\/\/ or mailto:/);
    });
  });

  describe('headers', () => {
    const raw = handWritten(
      'from: a@example.com',
      'Received: from second.example by first.example;',
      '\tMon, 23 Nov 2026 12:00:00 +0000',
      'MESSAGE-ID: <x@example.com>',
      'X-Custom-header:   spaced value   ',
      'Subject: =?UTF-8?Q?caf=C3=A9?= and',
      '   more',
      '__proto__: not a prototype',
      'Käse: raw UTF-8 name',
      'no colon on this line',
      '',
      'Body: not a header',
    );

    it("has Mailpit's /headers shape: canonical names, unfolded undecoded values in order, sorted keys", () => {
      const h = readHeaders(raw);
      expect(Object.keys(h)).toEqual(['From', 'Käse', 'Message-Id', 'Received', 'Subject', 'X-Custom-Header', '__proto__']);
      expect(h['Received']).toEqual([
        'from client.test (127.0.0.1) by mailsink with ESMTP id T1; Mon, 23 Nov 2026 12:34:38 +0000',
        'from second.example by first.example; Mon, 23 Nov 2026 12:00:00 +0000',
      ]);
      expect(h['Subject']).toEqual(['=?UTF-8?Q?caf=C3=A9?= and more']);
      expect(h['X-Custom-Header']).toEqual(['spaced value']);
      expect(Object.getPrototypeOf(h)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(h, '__proto__')?.value).toEqual(['not a prototype']);
      expect(JSON.parse(JSON.stringify(h))['Käse']).toEqual(['raw UTF-8 name']);
    });

    it('are part of the full parse too', async () => {
      expect((await parseMessage(raw)).headers).toEqual(readHeaders(raw));
    });
  });
});
