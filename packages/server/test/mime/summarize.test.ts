import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/mime/index.js';
import { compose, envelope, handWritten } from './messages.js';

describe('summarize', () => {
  it('summarises a plain text message', async () => {
    const raw = await compose({
      from: 'Alice Example <alice@example.com>',
      to: 'bob@example.com',
      cc: '"Carol C." <carol@example.com>',
      replyTo: 'replies@example.com',
      subject: 'Quarterly report',
      messageId: '<report-1@example.com>',
      date: new Date('2026-03-04T05:06:07Z'),
      text: 'Hello Bob,\r\n\r\n   the report\tis attached.\r\n',
    });
    const s = await summarize(raw, envelope('bob@example.com', 'carol@example.com'));
    expect(s).toEqual({
      messageId: 'report-1@example.com',
      from: { Name: 'Alice Example', Address: 'alice@example.com' },
      to: [{ Name: '', Address: 'bob@example.com' }],
      cc: [{ Name: 'Carol C.', Address: 'carol@example.com' }],
      bcc: [],
      replyTo: [{ Name: '', Address: 'replies@example.com' }],
      subject: 'Quarterly report',
      snippet: 'Hello Bob, the report is attached.',
      searchText: 'hello bob, the report is attached.',
      attachmentNames: [],
      date: '2026-03-04T05:06:07.000Z',
      attachments: 0,
      inline: 0,
    });
  });

  it('keeps lower-cased body text and attachment names for search, the body capped', async () => {
    const raw = await compose({
      from: 'a@example.com',
      to: 'b@example.com',
      subject: 'files',
      html: `<p>Your <b>CODE</b> is 424242</p><p>${'filler '.repeat(3000)}</p>`,
      attachments: [{ filename: 'Invoice-42.PDF', content: 'x' }],
    });
    const s = await summarize(raw, envelope('b@example.com'));
    expect(s.searchText.startsWith('your code is 424242 filler')).toBe(true);
    expect(s.searchText.length).toBe(8192);
    expect(s.attachmentNames).toEqual(['Invoice-42.PDF']);
  });

  it('takes the snippet of an HTML-only message from its visible text: no tags, CSS, scripts or comments', async () => {
    const raw = await compose({
      from: 'a@example.com',
      to: 'b@example.com',
      subject: 'html',
      html:
        '<!doctype html><html><head><title>Page title</title><style>p { color: red; }</style></head>' +
        '<body><script type="text/javascript">alert("x < y")</script><!-- hidden comment -->' +
        '<div>Caf&eacute; &amp; <b>bi</b>stro</div><p title="a > b">Menu&nbsp;of&#160;the&#x20;day&hellip;</p>' +
        '<table><tr><td>one</td><td>two</td></tr></table></body></html>',
    });
    const s = await summarize(raw, envelope('b@example.com'));
    expect(s.snippet).toBe('Café & bistro Menu of the day… one two');
  });

  it('takes the snippet of multipart/alternative from the text part', async () => {
    const raw = await compose({
      from: 'a@example.com',
      to: 'b@example.com',
      subject: 'alt',
      text: 'The text version',
      html: '<p>The <b>HTML</b> version</p>',
    });
    expect((await summarize(raw, envelope('b@example.com'))).snippet).toBe('The text version');
  });

  it('cuts the snippet at 250 characters', async () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join('  \r\n ');
    const s = await summarize(await compose({ from: 'a@example.com', to: 'b@example.com', text: words }), envelope());
    expect(s.snippet).toHaveLength(250);
    expect(s.snippet.startsWith('word0 word1 word2 ')).toBe(true);
    expect(s.snippet).not.toMatch(/\s{2}|^\s|\s$/);
  });

  it('counts attachments and inline cid: images', async () => {
    const raw = await compose({
      from: 'a@example.com',
      to: 'b@example.com',
      subject: 'files',
      text: 'see attached',
      html: '<p>logo: <img src="cid:logo@example.com"></p>',
      attachments: [
        { filename: 'report.pdf', content: Buffer.from('%PDF-1.4 fake') },
        { filename: 'data.csv', content: 'a,b\n1,2\n' },
        { filename: 'logo.png', content: Buffer.from('89504e470d0a1a0a', 'hex'), cid: 'logo@example.com' },
      ],
    });
    const s = await summarize(raw, envelope('b@example.com'));
    expect(s.attachments).toBe(2);
    expect(s.inline).toBe(1);
    expect(s.snippet).toBe('see attached');
    expect(s.parseError).toBeUndefined();
  });

  it('decodes RFC 2047 encoded names and subjects (B and Q encodings)', async () => {
    const raw = handWritten(
      'From: =?UTF-8?B?SsO2cmcgTcO8bGxlcg==?= <joerg@example.com>',
      'To: =?ISO-8859-1?Q?Fran=E7ois?= <francois@example.com>, "=?UTF-8?Q?Ren=C3=A9e?=" <renee@example.com>',
      'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?UTF-8?B?IGF1cyBLw7Zsbg==?=',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hallo',
    );
    const s = await summarize(raw, envelope('francois@example.com'));
    expect(s.from).toEqual({ Name: 'Jörg Müller', Address: 'joerg@example.com' });
    expect(s.to).toEqual([
      { Name: 'François', Address: 'francois@example.com' },
      { Name: 'Renée', Address: 'renee@example.com' },
    ]);
    expect(s.subject).toBe('Grüße aus Köln');
  });

  it('reads raw UTF-8 headers (SMTPUTF8)', async () => {
    const raw = handWritten(
      'From: Jöran Ångström <jöran@exämple.se>',
      'To: 用户 <用户@例子.中国>',
      'Subject: Grüße 👋 from Åre',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hej – 你好',
    );
    const s = await summarize(raw, envelope('用户@例子.中国'));
    expect(s.from).toEqual({ Name: 'Jöran Ångström', Address: 'jöran@exämple.se' });
    expect(s.to).toEqual([{ Name: '用户', Address: '用户@例子.中国' }]);
    expect(s.subject).toBe('Grüße 👋 from Åre');
    expect(s.snippet).toBe('Hej – 你好');
    expect(s.bcc).toEqual([]);
  });

  it('flattens address groups', async () => {
    const raw = handWritten(
      'From: a@example.com',
      'To: Team: Ann <ann@example.com>, ben@example.com;, solo@example.com',
      'Cc: undisclosed-recipients:;',
      'Subject: groups',
      '',
      'x',
    );
    const s = await summarize(raw, envelope());
    expect(s.to).toEqual([
      { Name: 'Ann', Address: 'ann@example.com' },
      { Name: '', Address: 'ben@example.com' },
      { Name: '', Address: 'solo@example.com' },
    ]);
    expect(s.cc).toEqual([]);
  });

  it('adds envelope recipients named in no To/Cc/Bcc header to bcc, compared case-insensitively, once each', async () => {
    const raw = await compose({ from: 'a@example.com', to: 'Bob <Bob@Example.com>', cc: 'carol@example.com', subject: 'x', text: 'x' });
    const s = await summarize(raw, envelope('bob@example.COM', 'CAROL@example.com', 'hidden@example.com', 'Hidden@Example.com'));
    expect(s.bcc).toEqual([{ Name: '', Address: 'hidden@example.com' }]);
  });

  it('treats a quoted local part and its unquoted spelling as the same recipient', async () => {
    const raw = handWritten('From: a@example.com', 'To: "first.last"@example.com, "John Doe" <"john doe"@example.com>', '', 'x');
    const s = await summarize(raw, envelope('"first.last"@example.com', 'first.last@example.com', '"john doe"@example.com', '"jane doe"@example.com'));
    expect(s.bcc).toEqual([{ Name: '', Address: '"jane doe"@example.com' }]);
  });

  it('treats an internationalised domain in punycode and in Unicode as the same recipient', async () => {
    const raw = handWritten('From: a@example.com', 'To: <user@xn--bcher-kva.example>', 'Subject: idn', '', 'x');
    const s = await summarize(raw, envelope('user@bücher.example', 'other@xn--bcher-kva.example'));
    expect(s.to).toEqual([{ Name: '', Address: 'user@bücher.example' }]);
    expect(s.bcc).toEqual([{ Name: '', Address: 'other@xn--bcher-kva.example' }]);
  });

  it('keeps a Bcc header, without repeating its addresses from the envelope', async () => {
    const raw = handWritten(
      'From: a@example.com',
      'To: b@example.com',
      'Bcc: Boss <boss@example.com>',
      'Subject: bcc header',
      '',
      'x',
    );
    const s = await summarize(raw, envelope('b@example.com', 'BOSS@example.com', 'audit@example.com'));
    expect(s.bcc).toEqual([
      { Name: 'Boss', Address: 'boss@example.com' },
      { Name: '', Address: 'audit@example.com' },
    ]);
  });

  it('gives null for an absent or unreadable Date and an absent From, "" for an absent Message-ID', async () => {
    const noDate = await summarize(handWritten('Subject: s', '', 'x'), envelope());
    expect(noDate.date).toBeNull();
    expect(noDate.from).toBeNull();
    expect(noDate.messageId).toBe('');
    const badDate = await summarize(handWritten('Date: someday soon', 'Subject: s', '', 'x'), envelope());
    expect(badDate.date).toBeNull();
    const commented = await summarize(handWritten('Date: Tue, 1 Jul 2003 10:52:37 +0200 (CEST)', '', 'x'), envelope());
    expect(commented.date).toBe('2003-07-01T08:52:37.000Z');
  });

  it('keeps the text of a From header that has no address, as Mailpit does', async () => {
    const s = await summarize(handWritten('From: Mailer Daemon', 'Subject: s', '', 'x'), envelope());
    expect(s.from).toEqual({ Name: 'Mailer Daemon', Address: '' });
  });
});
