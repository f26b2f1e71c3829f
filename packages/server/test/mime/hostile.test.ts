import { describe, expect, it } from 'vitest';
import { getPart, parseMessage, readHeaders, summarize } from '../../src/mime/index.js';
import { RECEIVED, envelope, garbage, handWritten } from './messages.js';

const rcpt = envelope('victim@example.com', 'second@example.com');
const envelopeBcc = [
  { Name: '', Address: 'victim@example.com' },
  { Name: '', Address: 'second@example.com' },
];

/** Every entry point must answer for any bytes, without throwing or rejecting. */
async function everything(raw: Buffer) {
  const summary = await summarize(raw, rcpt);
  const parsed = await parseMessage(raw);
  const headers = readHeaders(raw);
  for (const p of [...parsed.Attachments, ...parsed.Inline]) {
    const part = await getPart(raw, p.PartID);
    expect(part?.content.length, `part ${p.PartID}`).toBe(p.Size);
  }
  expect(await getPart(raw, '1')).toSatisfy((p) => p === undefined || Buffer.isBuffer(p.content));
  return { summary, parsed, headers };
}

function many(count: number, line: (i: number) => string): string[] {
  return Array.from({ length: count }, (_, i) => line(i));
}

describe('hostile input', () => {
  it('garbage bytes', async () => {
    for (const seed of [1, 2, 3]) {
      const raw = Buffer.concat([Buffer.from(RECEIVED), garbage(20_000, seed)]);
      const { summary, parsed } = await everything(raw);
      expect(summary.bcc).toEqual(envelopeBcc);
      expect(parsed.Size).toBe(raw.length);
    }
  });

  it('an empty message, and one with nothing but mailsink\'s Received header', async () => {
    for (const raw of [Buffer.alloc(0), Buffer.from(RECEIVED)]) {
      const { summary, parsed, headers } = await everything(raw);
      expect(summary).toMatchObject({ subject: '', from: null, to: [], snippet: '', attachments: 0, inline: 0, bcc: envelopeBcc });
      expect(summary.parseError).toBeUndefined();
      expect(parsed).toMatchObject({ Text: '', HTML: '', Attachments: [], Inline: [] });
      expect(Object.keys(headers)).toEqual(raw.length ? ['Received'] : []);
    }
  });

  it('a header-only message without the blank line', async () => {
    const raw = Buffer.from(RECEIVED + 'From: a@example.com\r\nTo: victim@example.com\r\nSubject: headers only');
    const { summary, headers } = await everything(raw);
    expect(summary).toMatchObject({ subject: 'headers only', snippet: '', bcc: [{ Name: '', Address: 'second@example.com' }] });
    expect(headers['Subject']).toEqual(['headers only']);
  });

  it('a message with 10,000 headers', async () => {
    const raw = handWritten(...many(10_000, (i) => `X-Filler-${i}: value ${i}`), 'Subject: still found', '', 'body text');
    const { summary, headers } = await everything(raw);
    expect(summary).toMatchObject({ subject: 'still found', snippet: 'body text' });
    expect(summary.parseError).toBeUndefined();
    expect(Object.keys(headers)).toHaveLength(10_002);
  });

  it('a header block larger than the parser accepts: parseError, headers salvaged, nothing thrown', async () => {
    const raw = handWritten('From: a@example.com', 'Subject: huge', ...many(20_000, (i) => `X-Long-${i}: ${'x'.repeat(60)}`), '', 'body');
    const { summary, parsed } = await everything(raw);
    expect(summary.parseError).toMatch(/could not parse the message as MIME/);
    expect(summary).toMatchObject({ subject: 'huge', from: { Name: '', Address: 'a@example.com' }, bcc: envelopeBcc });
    expect(parsed.parseError).toBeDefined();
    expect(parsed.Subject).toBe('huge');
  });

  it('binary garbage without any line break', async () => {
    const raw = Buffer.concat([Buffer.from(RECEIVED), Buffer.alloc(1_500_000, 0x41)]);
    const { summary } = await everything(raw);
    expect(summary.parseError).toBeDefined();
    expect(summary.bcc).toEqual(envelopeBcc);
  });

  it('more parts than the parser allows: parseError, the headers kept', async () => {
    const raw = handWritten(
      'Subject: confetti',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      ...many(1_100, () => '--b\r\nContent-Type: application/x-confetti\r\n\r\nx'),
      '--b--',
      '',
    );
    const { summary } = await everything(raw);
    expect(summary.parseError).toMatch(/could not parse/);
    expect(summary.subject).toBe('confetti');
  });

  it('broken boundaries', async () => {
    const unclosed = handWritten(
      'Subject: unclosed',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'first part',
      '--b',
      'Content-Type: image/png',
      'Content-Disposition: attachment; filename="cut.png"',
      'Content-Transfer-Encoding: base64',
      '',
      'iVBORw0KGgoAAAANSUhE',
    );
    const u = await everything(unclosed);
    expect(u.summary).toMatchObject({ snippet: 'first part', attachments: 1 });
    expect(u.parsed.Attachments.map((a) => a.FileName)).toEqual(['cut.png']);

    const wrong = handWritten('Subject: wrong', 'Content-Type: multipart/mixed; boundary="b"', '', '--c', 'Content-Type: text/plain', '', 'never split', '--c--', '');
    expect((await everything(wrong)).summary.parseError).toBeUndefined();

    const none = handWritten('Subject: none', 'Content-Type: multipart/alternative', '', '--x', 'Content-Type: text/plain', '', 'text', '--x--', '');
    const n = await everything(none);
    expect(n.summary.parseError).toMatch(/without a boundary/);
    expect(n.summary.subject).toBe('none');

    const nested = handWritten(
      ...many(300, (i) => `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}`),
      'Content-Type: text/plain',
      '',
      'deep inside',
    );
    expect((await everything(nested)).summary.snippet).toBe('deep inside');
  });

  it('broken encodings, NUL bytes and hostile header values', async () => {
    const raw = handWritten(
      'From: "=?UTF-8?B?!!!?=" <a@example.com>, =?utf-8?q?x?=@evil.example',
      'To: <victim@example.com',
      'Subject: =?UTF-7?B?K0FEdy1zY3JpcHQrQUQ0LQ==?= \u0000 nul',
      'Date: Mon, 99 Foo 99999 99:99:99',
      'Message-ID: <<<<>>>>',
      'List-Unsubscribe: <' + '<'.repeat(5000) + '>'.repeat(5000),
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/html; charset="no-such-charset"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<p>=ZZ =3Cscript=3E broken =',
      '--b',
      'Content-Type: image/png; name="\u0000"',
      'Content-Transfer-Encoding: base64',
      '',
      '@@@@not base64@@@@',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'invalid utf-8 follows',
      '--b--',
      '',
    );
    const withBadBytes = Buffer.concat([raw, Buffer.from([0xff, 0xfe, 0x00, 0xc3])]);
    const { summary, parsed } = await everything(withBadBytes);
    expect(summary.date).toBeNull();
    expect(summary.messageId).toBe('');
    expect(parsed.Inline.map((p) => p.FileName)).toEqual(['part-2.png']);
  });

  it('HTML built to be slow or to smuggle markup into the snippet', async () => {
    const html =
      '<' + 'div '.repeat(50_000) + '>' +
      'shown <script>document.write("<b>not shown</b>")</script>' +
      '&#0;&#x110000;&#xD800; &bogus; &amp;lt;b&amp;gt;' +
      '<style>' + 'p { color: red } '.repeat(1000);
    const raw = handWritten('Content-Type: text/html', '', html);
    const { summary } = await everything(raw);
    // Entities are decoded once (no "<b>" made out of "&amp;lt;b&amp;gt;"); an unclosed <style> hides the rest.
    expect(summary.snippet).toBe('shown \ufffd\ufffd\ufffd &bogus; &lt;b&gt;');

    const unclosedComment = handWritten('Content-Type: text/html', '', 'visible <!-- never closed ' + 'x'.repeat(100_000));
    expect((await everything(unclosedComment)).summary.snippet).toBe('visible');

    const nested = handWritten('Content-Type: text/html', '', '<b>'.repeat(20_000) + 'deep' + '</b>'.repeat(20_000));
    const n = await everything(nested);
    expect(n.summary.snippet).toBe('deep');
    expect(n.parsed.HTML.length).toBeGreaterThan(0);
  });
});
