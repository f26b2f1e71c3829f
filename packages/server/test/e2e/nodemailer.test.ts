import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { getJson, startTestMailsink, type TestMailsink } from '../helpers/in-process.js';

describe('mail sent with nodemailer, read back over the API', () => {
  let ms: TestMailsink;
  let transport: Transporter;
  beforeAll(async () => {
    ms = await startTestMailsink();
    transport = nodemailer.createTransport({ host: '127.0.0.1', port: ms.smtpPort, secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    transport.close();
    await ms.close();
  });

  async function raw(id: string): Promise<Buffer> {
    const res = await fetch(`${ms.baseUrl}/api/v1/message/${id}/raw`);
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }

  async function summary(id: string) {
    const list = await getJson(`${ms.baseUrl}/api/v1/messages?limit=1000`);
    return list.messages.find((m: { ID: string }) => m.ID === id);
  }

  function queuedId(response: string | undefined): string {
    const m = /^250 2\.0\.0 Ok: queued as (\S+)$/.exec(response ?? '');
    expect(m, response).not.toBeNull();
    return m![1]!;
  }

  it('stores a plain text message with its summary', async () => {
    const info = await transport.sendMail({
      from: 'Alice Example <alice@example.com>',
      to: 'bob@example.com, Carol <carol@example.com>',
      cc: 'dave@example.com',
      replyTo: 'replies@example.com',
      subject: 'Plain text',
      text: 'Hello Bob,\nthis is the body.',
    });
    const id = queuedId(info.response);
    const s = await summary(id);
    expect(s).toEqual({
      ID: id,
      MessageID: info.messageId.replace(/^<|>$/g, ''),
      Read: false,
      From: { Name: 'Alice Example', Address: 'alice@example.com' },
      To: [
        { Name: '', Address: 'bob@example.com' },
        { Name: 'Carol', Address: 'carol@example.com' },
      ],
      Cc: [{ Name: '', Address: 'dave@example.com' }],
      Bcc: [],
      ReplyTo: [{ Name: '', Address: 'replies@example.com' }],
      Subject: 'Plain text',
      Created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
      Username: '',
      Tags: [],
      Size: (await raw(id)).length,
      Attachments: 0,
      Snippet: 'Hello Bob, this is the body.',
    });
    const source = (await raw(id)).toString('utf8');
    expect(source).toMatch(/^Received: from /);
    expect(source).toContain('Subject: Plain text');
  });

  it('lists envelope recipients that appear in no header as Bcc', async () => {
    const info = await transport.sendMail({
      from: 'alice@example.com',
      to: 'bob@example.com',
      bcc: 'secret@example.com',
      subject: 'With Bcc',
      text: 'x',
    });
    const s = await summary(queuedId(info.response));
    expect(s.Bcc).toEqual([{ Name: '', Address: 'secret@example.com' }]);
    expect(s.To).toEqual([{ Name: '', Address: 'bob@example.com' }]);
  });

  it('stores HTML with attachments and counts them', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const info = await transport.sendMail({
      from: 'alice@example.com',
      to: 'bob@example.com',
      subject: 'HTML and files',
      html: '<h1>Report</h1><p>See <b>attached</b>.</p><img src="cid:logo@x">',
      attachments: [
        { filename: 'report.csv', content: 'a,b\n1,2\n' },
        { filename: 'data.bin', content: Buffer.alloc(70_000, 7) },
        { filename: 'logo.png', content: png, cid: 'logo@x' },
      ],
    });
    const id = queuedId(info.response);
    const s = await summary(id);
    expect(s.Attachments).toBe(2);
    expect(s.Snippet).toBe('Report See attached.');
    const source = (await raw(id)).toString('latin1');
    expect(source).toContain('filename=report.csv');
    expect(source).toContain(Buffer.alloc(70_000, 7).toString('base64').slice(0, 76));
  });

  it('keeps 8-bit bodies byte for byte', async () => {
    const body = 'Grüße aus Köln — ½ € 日本語\r\n';
    const info = await transport.sendMail({
      envelope: { from: 'a@example.com', to: ['b@example.com'] },
      raw: `From: a@example.com\r\nTo: b@example.com\r\nSubject: 8bit\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}`,
    });
    const id = queuedId(info.response);
    const stored = await raw(id);
    expect(stored.subarray(stored.length - Buffer.byteLength(body)).toString('utf8')).toBe(body);
    expect((await summary(id)).Snippet).toBe('Grüße aus Köln — ½ € 日本語');
  });

  it('accepts SMTPUTF8 addresses and keeps them exactly', async () => {
    const info = await transport.sendMail({
      from: 'élise@exemple.fr',
      to: '用户@例子.广告',
      subject: 'Ünïcödé',
      text: 'bonjour',
    });
    expect(info.accepted).toEqual(['用户@例子.广告']);
    const s = await summary(queuedId(info.response));
    expect(s.From.Address).toBe('élise@exemple.fr');
    expect(s.To).toEqual([{ Name: '', Address: '用户@例子.广告' }]);
    expect(s.Subject).toBe('Ünïcödé');
  });

  it('serves latest, and 404 for an unknown ID', async () => {
    const info = await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'newest', text: 'n' });
    const id = queuedId(info.response);
    const latest = await fetch(`${ms.baseUrl}/api/v1/message/latest/raw`);
    expect(Buffer.from(await latest.arrayBuffer())).toEqual(await raw(id));
    const list = await getJson(`${ms.baseUrl}/api/v1/messages`);
    expect(list.messages[0].ID).toBe(id);
    const missing = await fetch(`${ms.baseUrl}/api/v1/message/doesnotexist/raw`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('Not found');
  });

  it('downloads the source as an .eml file with ?dl=1', async () => {
    const info = await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'dl', text: 'd' });
    const id = queuedId(info.response);
    const res = await fetch(`${ms.baseUrl}/api/v1/message/${id}/raw?dl=1`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${id}.eml"`);
  });

  it('pages the list newest first with start and limit, and rejects a bad limit in plain text', async () => {
    for (let i = 0; i < 5; i++) {
      await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: `page ${i}`, text: 'p' });
    }
    const all = await getJson(`${ms.baseUrl}/api/v1/messages?limit=1000`);
    const page = await getJson(`${ms.baseUrl}/api/v1/messages?start=1&limit=2`);
    expect(page.start).toBe(1);
    expect(page.total).toBe(all.total);
    expect(page.messages.map((m: { ID: string }) => m.ID)).toEqual(all.messages.slice(1, 3).map((m: { ID: string }) => m.ID));
    expect(all.messages[0].Subject).toBe('page 4');
    const bad = await fetch(`${ms.baseUrl}/api/v1/messages?limit=many`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^text\/plain/);
  });
});
