import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MailsinkError, type MessageSummary } from '../src/index.js';
import { startServer, type TestServer } from './helpers/mailsink.js';

describe('MailsinkClient against a real mailsink', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    await server.client.deleteAll();
  });

  async function summaryOf(id: string): Promise<MessageSummary | undefined> {
    return (await server.client.list({ limit: 1000 })).messages.find((m) => m.ID === id);
  }

  it('lists the mailbox newest first, paged', async () => {
    const first = await server.sendMail({ subject: 'first' });
    const second = await server.sendMail({ subject: 'second' });
    const page = await server.client.list();
    expect(page.total).toBe(2);
    expect(page.unread).toBe(2);
    expect(page.messages.map((m) => [m.ID, m.Subject])).toEqual([[second, 'second'], [first, 'first']]);
    const older = await server.client.list({ start: 1, limit: 1 });
    expect(older.start).toBe(1);
    expect(older.messages.map((m) => m.ID)).toEqual([first]);
  });

  it('searches', async () => {
    const invoice = await server.sendMail({ to: 'alice@example.com', subject: 'Invoice 42' });
    const welcome = await server.sendMail({ to: 'bob@example.com', subject: 'Welcome aboard' });
    const bySubject = await server.client.search('subject:invoice');
    expect(bySubject.messages.map((m) => m.ID)).toEqual([invoice]);
    expect(bySubject.messages_count).toBe(1);
    expect(bySubject.total).toBe(2);
    expect((await server.client.search('to:bob@example.com')).messages.map((m) => m.ID)).toEqual([welcome]);
    expect((await server.client.search('nothing-matches-this')).messages).toEqual([]);
  });

  it('gets a whole message without marking it read, unless asked to', async () => {
    const id = await server.sendMail({
      from: 'Shop <shop@example.com>',
      to: 'Ann <ann@example.com>',
      subject: 'Your order',
      text: 'Thanks for your order.',
      html: '<p>Thanks for your <b>order</b>.</p>',
    });
    const message = await server.client.get(id);
    expect(message).toMatchObject({
      ID: id,
      From: { Name: 'Shop', Address: 'shop@example.com' },
      To: [{ Name: 'Ann', Address: 'ann@example.com' }],
      Subject: 'Your order',
      Text: 'Thanks for your order.',
      HTML: '<p>Thanks for your <b>order</b>.</p>',
    });
    expect((await summaryOf(id))?.Read).toBe(false);
    // A summary works wherever an ID does.
    const summary = (await summaryOf(id))!;
    expect((await server.client.get(summary, { markRead: true })).Subject).toBe('Your order');
    expect((await summaryOf(id))?.Read).toBe(true);
  });

  it('gets the latest message, optionally matching a search, leaving it unread', async () => {
    expect(await server.client.latest()).toBeUndefined();
    const older = await server.sendMail({ subject: 'older one' });
    const newer = await server.sendMail({ subject: 'newer one' });
    expect((await server.client.latest())?.ID).toBe(newer);
    expect((await server.client.latest('subject:older'))?.ID).toBe(older);
    expect(await server.client.latest('subject:missing')).toBeUndefined();
    expect((await summaryOf(newer))?.Read).toBe(false);
  });

  it('reads the raw source as text and as exact bytes', async () => {
    const source = Buffer.concat([
      Buffer.from('From: a@example.com\r\nTo: b@example.com\r\nSubject: bytes\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\ncaf'),
      Buffer.from([0xe9]),
      Buffer.from('\r\n'),
    ]);
    const id = await server.sendMail({ envelope: { from: 'a@example.com', to: ['b@example.com'] }, raw: source });
    const bytes = await server.client.rawBytes(id);
    expect(Buffer.from(bytes).includes(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe(true);
    const text = await server.client.raw(id);
    expect(text).toContain('Subject: bytes\r\n');
    expect(text).toContain('caf\ufffd');
  });

  it('reads the headers, every value in order', async () => {
    const id = await server.sendMail({ subject: 'Headers', headers: { 'X-Trace': ['one', 'two'] } });
    const headers = await server.client.headers(id);
    expect(headers.Subject).toEqual(['Headers']);
    expect(headers['X-Trace']).toEqual(['one', 'two']);
  });

  it('reads the SMTP envelope', async () => {
    const id = await server.sendMail({
      from: 'header-from@example.com',
      to: 'to@example.com',
      bcc: 'hidden@example.com',
      envelope: { from: 'bounce@example.com', to: ['to@example.com', 'hidden@example.com'] },
      subject: 'Envelope',
    });
    const envelope = await server.client.envelope(id);
    expect(envelope.MailFrom.Address).toBe('bounce@example.com');
    expect(envelope.RcptTo.map((r) => r.Address)).toEqual(['to@example.com', 'hidden@example.com']);
    expect(envelope.ClientAddress).toBe('127.0.0.1');
    expect(envelope.Helo).not.toBe('');
    expect(envelope.TLS).toBeNull();
    expect(envelope.Auth).toBeNull();
  });

  it('lists attachments and downloads them byte for byte', async () => {
    const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const id = await server.sendMail({
      subject: 'Attachments',
      text: 'see attached',
      html: '<p>logo: <img src="cid:logo@test"></p>',
      attachments: [
        { filename: 'report.csv', content: 'a,b\n1,2\n', contentType: 'text/csv' },
        { filename: 'all-bytes.bin', content: binary, contentType: 'application/octet-stream' },
        { filename: 'page.html', content: '<h1>hi</h1>', contentType: 'text/html' },
        { filename: 'logo.png', content: binary, contentType: 'image/png', cid: 'logo@test' },
      ],
    });
    const attachments = await server.client.attachments(id);
    expect(attachments.map((a) => a.FileName)).toEqual(['report.csv', 'all-bytes.bin', 'page.html']);

    const csv = await server.client.attachment(id, attachments[0]!.PartID);
    expect(csv.fileName).toBe('report.csv');
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(Buffer.from(csv.data).toString()).toBe('a,b\n1,2\n');

    const bin = await server.client.attachment(id, attachments[1]!.PartID);
    expect(Buffer.from(bin.data).equals(binary)).toBe(true);

    // The server serves HTML as a download; the client still says what the part is.
    const html = await server.client.attachment(id, attachments[2]!.PartID);
    expect(html.contentType).toMatch(/^text\/html/);

    const inline = (await server.client.get(id)).Inline;
    expect(inline.map((a) => a.FileName)).toEqual(['logo.png']);
    expect((await server.client.attachment(id, inline[0]!.PartID)).fileName).toBe('logo.png');
  });

  it('deletes messages by ID, and an empty list deletes nothing', async () => {
    const a = await server.sendMail({ subject: 'a' });
    const b = await server.sendMail({ subject: 'b' });
    const c = await server.sendMail({ subject: 'c' });
    await server.client.delete([a, { ID: c }]);
    expect((await server.client.list()).messages.map((m) => m.ID)).toEqual([b]);
    await server.client.delete([]);
    expect((await server.client.list()).total).toBe(1);
  });

  it('deletes everything', async () => {
    await server.sendMail({ subject: 'a' });
    await server.sendMail({ subject: 'b' });
    await server.client.deleteAll();
    expect((await server.client.list()).total).toBe(0);
  });

  it('deletes by search, and refuses an empty search', async () => {
    await server.sendMail({ subject: 'spam one' });
    const keep = await server.sendMail({ subject: 'keep me' });
    await server.sendMail({ subject: 'spam two' });
    await server.client.deleteSearch('subject:spam');
    expect((await server.client.list()).messages.map((m) => m.ID)).toEqual([keep]);
    await expect(server.client.deleteSearch('  ')).rejects.toThrow(TypeError);
    expect((await server.client.list()).total).toBe(1);
  });

  it('marks messages read and unread; an empty list changes nothing', async () => {
    const a = await server.sendMail({ subject: 'a' });
    const b = await server.sendMail({ subject: 'b' });
    await server.client.markRead([a]);
    expect((await summaryOf(a))?.Read).toBe(true);
    expect((await summaryOf(b))?.Read).toBe(false);
    await server.client.markRead([]);
    expect((await summaryOf(b))?.Read).toBe(false);
    await server.client.markRead([a], false);
    expect((await summaryOf(a))?.Read).toBe(false);
  });

  it('sets and clears tags', async () => {
    const a = await server.sendMail({ subject: 'a' });
    const b = await server.sendMail({ subject: 'b' });
    await server.client.setTags([a, b], ['signup', 'eu']);
    expect((await summaryOf(a))?.Tags.slice().sort()).toEqual(['eu', 'signup']);
    expect((await server.client.tags()).slice().sort()).toEqual(['eu', 'signup']);
    expect((await server.client.search('tag:signup')).messages_count).toBe(2);
    await server.client.setTags([a], []);
    expect((await summaryOf(a))?.Tags).toEqual([]);
    expect((await summaryOf(b))?.Tags.slice().sort()).toEqual(['eu', 'signup']);
  });

  it('sends a message through the HTTP API', async () => {
    const { ID } = await server.client.send({
      From: { Email: 'api@example.com', Name: 'API' },
      To: [{ Email: 'someone@example.com' }],
      Subject: 'Sent over HTTP',
      Text: 'Your code is 732904.',
      Tags: ['http'],
    });
    const message = await server.client.get(ID);
    expect(message.Subject).toBe('Sent over HTTP');
    expect(message.From).toEqual({ Name: 'API', Address: 'api@example.com' });
    expect(message.Tags).toEqual(['http']);
    expect((await server.client.envelope(ID)).Greeting).toBe('HTTP');
  });

  it('reports server information', async () => {
    await server.sendMail({ subject: 'counted' });
    const info = await server.client.info();
    expect(info.Messages).toBe(1);
    expect(info.Unread).toBe(1);
    expect(typeof info.Version).toBe('string');
  });

  it("finds a message's links and one-time code", async () => {
    const id = await server.sendMail({
      subject: 'Confirm your e-mail',
      text: 'Hi! Your code is 048213 (valid until 2030-01-01).\nOr open https://app.example.com/confirm?t=abc&u=1.\n',
      html:
        '<p>Your code is <b>048213</b>.</p>' +
        '<a href="https://app.example.com/confirm?t=abc&amp;u=1">Confirm</a> ' +
        '<a href="mailto:help@example.com">help</a> <a href="https://example.com/privacy">Privacy</a>',
    });
    expect(await server.client.links(id)).toEqual(['https://app.example.com/confirm?t=abc&u=1', 'https://example.com/privacy']);
    expect(await server.client.oneTimeCode(id)).toBe('048213');
    expect(await server.client.oneTimeCode(id, { digits: 4 })).toBeUndefined();
  });

  it('finds the one-time code in a message that has only HTML', async () => {
    const id = await server.sendMail({
      subject: 'HTML only',
      html: '<style>.x{width:1200px}</style><p>Order 12 of 2030-01-01.</p><p>Code: <span>55</span><span>1177</span></p>',
    });
    expect(await server.client.oneTimeCode(id)).toBe('551177');
  });
});

describe('errors', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a missing message on a mailsink path is a 404 MailsinkError with the JSON reason', async () => {
    const err = await server.client.get('nosuchmessage').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailsinkError);
    const e = err as MailsinkError;
    expect(e.status).toBe(404);
    expect(e.method).toBe('GET');
    expect(e.url).toBe(`${server.baseUrl}/api/mailsink/v1/message/nosuchmessage`);
    expect(e.serverMessage).toContain('nosuchmessage');
    expect(e.message).toContain('404');
  });

  it('a missing message on a Mailpit path is a 404 MailsinkError with the plain-text reason', async () => {
    const err = await server.client.raw('nosuchmessage').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailsinkError);
    expect((err as MailsinkError).status).toBe(404);
    expect((err as MailsinkError).serverMessage).toBe('Not found');
    await expect(server.client.headers('nosuchmessage')).rejects.toMatchObject({ status: 404 });
    await expect(server.client.envelope('nosuchmessage')).rejects.toMatchObject({ status: 404 });
    await expect(server.client.links('nosuchmessage')).rejects.toMatchObject({ status: 404 });
  });

  it('a rejected send is a 400 MailsinkError with the server reason', async () => {
    const err = await server.client.send({ From: { Email: 'a@example.com' }, Subject: 'nobody' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailsinkError);
    expect((err as MailsinkError).status).toBe(400);
    expect((err as MailsinkError).serverMessage).toMatch(/recipient/);
  });
});
