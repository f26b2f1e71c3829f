import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestMailsink, type TestMailsink } from '../helpers/in-process.js';
import { sendMail } from '../helpers/mail.js';

let ms: TestMailsink;
const api = (path: string, init?: RequestInit) => fetch(`${ms.baseUrl}${path}`, init);
const json = async (path: string, init?: RequestInit): Promise<any> => (await api(path, init)).json();
const send = (subject: string, extra: Record<string, unknown> = {}) =>
  sendMail(ms.smtpPort, { from: 'Alice <alice@example.com>', to: 'bob@example.com', subject, text: `body of ${subject}`, ...extra });
const jsonBody = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  ms = await startTestMailsink();
});
afterAll(async () => {
  await ms.close();
});
beforeEach(async () => {
  await api('/api/v1/messages', { method: 'DELETE' });
});

describe('GET /api/v1/message/{ID}', () => {
  it('returns the Message with exactly its fields and marks it read', async () => {
    const id = await send('full message', {
      html: '<p>Hello <img src="cid:logo@x"></p>',
      cc: 'carol@example.com',
      bcc: 'hidden@example.com',
      attachments: [
        { filename: 'report.csv', content: 'a,b\n' },
        { filename: 'logo.png', content: Buffer.from('89504e47', 'hex'), cid: 'logo@x' },
      ],
    });
    expect((await json('/api/v1/messages')).messages[0].Read).toBe(false);
    const m = await json(`/api/v1/message/${id}`);
    expect(Object.keys(m).sort()).toEqual(
      ['Attachments', 'Bcc', 'Cc', 'Date', 'From', 'HTML', 'ID', 'Inline', 'ListUnsubscribe', 'MessageID', 'ReplyTo',
        'ReturnPath', 'Size', 'Subject', 'Tags', 'Text', 'To', 'Username'].sort(),
    );
    expect(m).toMatchObject({
      ID: id,
      From: { Name: 'Alice', Address: 'alice@example.com' },
      To: [{ Name: '', Address: 'bob@example.com' }],
      Cc: [{ Name: '', Address: 'carol@example.com' }],
      Bcc: [{ Name: '', Address: 'hidden@example.com' }],
      Subject: 'full message',
      Text: 'body of full message',
    });
    expect(m.HTML).toContain('<img src="cid:logo@x">');
    expect(m.Attachments.map((a: { FileName: string }) => a.FileName)).toEqual(['report.csv']);
    expect(m.Inline.map((a: { FileName: string; ContentID: string }) => [a.FileName, a.ContentID])).toEqual([['logo.png', 'logo@x']]);
    expect(Object.keys(m.Attachments[0].Checksums).sort()).toEqual(['MD5', 'SHA1', 'SHA256']);
    expect((await json('/api/v1/messages')).messages[0].Read).toBe(true);
  });

  it('takes latest, and latest?query= for the newest match', async () => {
    const first = await send('alpha one');
    const second = await send('beta two');
    expect((await json('/api/v1/message/latest')).ID).toBe(second);
    expect((await json('/api/v1/message/latest?query=subject:alpha')).ID).toBe(first);
    expect((await api('/api/v1/message/latest?query=subject:nothing-like-it')).status).toBe(404);
  });

  it('answers 404 "Not found" for an unknown ID and 400 for an ID that tries path traversal', async () => {
    const missing = await api('/api/v1/message/AAAAAAAAAAAAAAAAAAAAAA');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('Not found');
    for (const bad of ['..%2F..%2Fetc%2Fpasswd', 'a%00b', '%2e%2e%2Fx']) {
      const r = await api(`/api/v1/message/${bad}`);
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    }
    expect((await api('/api/v1/message/x/part/..%2F1')).status).toBe(400);
  });
});

describe('headers, parts, thumbnails and views', () => {
  it('returns the headers in Mailpit\'s map shape', async () => {
    const id = await send('with headers', { headers: { 'X-Custom': 'one' } });
    const h = await json(`/api/v1/message/${id}/headers`);
    expect(h.Subject).toEqual(['with headers']);
    expect(h['X-Custom']).toEqual(['one']);
    expect(h.Received[0]).toMatch(/^from /);
  });

  it('serves a part with a safe name, and active content only as a download', async () => {
    const id = await send('parts', {
      attachments: [
        { filename: '../../etc/passwd', content: 'root:x:0:0' },
        { filename: 'page.html', content: '<script>alert(1)</script>', contentType: 'text/html' },
      ],
    });
    const m = await json(`/api/mailsink/v1/message/${id}`);
    const [passwd, page] = m.Attachments;
    expect(passwd.FileName).toBe('passwd');
    const r = await api(`/api/v1/message/${id}/part/${passwd.PartID}`);
    expect(await r.text()).toBe('root:x:0:0');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="passwd"/);
    const h = await api(`/api/v1/message/${id}/part/${page.PartID}`);
    expect(h.headers.get('content-type')).toBe('application/octet-stream');
    expect(h.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await api(`/api/v1/message/${id}/part/9.9`)).status).toBe(404);
  });

  it('makes a JPEG thumbnail of an image part and refuses one for text', async () => {
    const { Jimp } = await import('jimp');
    const png = await new Jimp({ width: 400, height: 300, color: 0x3366ffff }).getBuffer('image/png');
    const id = await send('image', { attachments: [{ filename: 'pic.png', content: png }, { filename: 'a.txt', content: 'text' }] });
    const m = await json(`/api/mailsink/v1/message/${id}`);
    const thumb = await api(`/api/v1/message/${id}/part/${m.Attachments[0].PartID}/thumb`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const img = await Jimp.read(Buffer.from(await thumb.arrayBuffer()));
    expect([img.width, img.height]).toEqual([180, 120]);
    expect((await api(`/api/v1/message/${id}/part/${m.Attachments[1].PartID}/thumb`)).status).toBe(400);
  });

  it('refuses a thumbnail of an image whose header claims gigantic dimensions', async () => {
    const bomb = Buffer.from('89504e470d0a1a0a0000000d49484452000100000001000008060000001f15c489', 'hex');
    const id = await send('bomb', { attachments: [{ filename: 'bomb.png', content: bomb }] });
    const m = await json(`/api/mailsink/v1/message/${id}`);
    const r = await api(`/api/v1/message/${id}/part/${m.Attachments[0].PartID}/thumb`);
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/too large/);
  });

  it('/view/{ID}.html resolves cid: images, drops meta refresh and blocks scripts and remote content by CSP', async () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const id = await send('view', {
      html: '<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>Hi</p><img src="cid:pic@x"><script>x()</script>',
      attachments: [{ filename: 'pic.png', content: png, cid: 'pic@x' }],
    });
    const m = await json(`/api/mailsink/v1/message/${id}`);
    const r = await api(`/view/${id}.html`);
    const html = await r.text();
    expect(html).toContain(`src="../api/v1/message/${id}/part/${m.Inline[0].PartID}"`);
    expect(html).not.toContain('http-equiv="refresh"');
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).not.toContain('https:');
    expect((await api(`/view/${id}.html?remote=1`)).headers.get('content-security-policy')).toContain('https:');
    const txt = await api(`/view/${id}.txt`);
    expect(txt.headers.get('content-type')).toMatch(/^text\/plain/);
  });
});

describe('bulk read state and delete', () => {
  it('PUT /api/v1/messages sets read by IDs, by Search, and for everything', async () => {
    const a = await send('apples');
    const b = await send('bananas');
    expect(await (await api('/api/v1/messages', jsonBody('PUT', { IDs: [a], Read: true }))).text()).toBe('ok');
    let list = await json('/api/v1/messages');
    expect(list.unread).toBe(1);
    await api('/api/v1/messages', jsonBody('PUT', { Search: 'subject:bananas', Read: true }));
    expect((await json('/api/v1/messages')).unread).toBe(0);
    await api('/api/v1/messages', jsonBody('PUT', { Read: false }));
    list = await json('/api/v1/messages');
    expect(list.unread).toBe(2);
    expect(list.messages.map((m: { ID: string }) => m.ID)).toEqual([b, a]);
  });

  it('DELETE /api/v1/messages deletes the IDs given, or everything without a body', async () => {
    const a = await send('one');
    await send('two');
    await api('/api/v1/messages', jsonBody('DELETE', { IDs: [a] }));
    expect((await json('/api/v1/messages')).total).toBe(1);
    await api('/api/v1/messages', { method: 'DELETE' });
    expect((await json('/api/v1/messages')).total).toBe(0);
  });

  it('rejects malformed and oversize bodies with a 4xx and loses nothing', async () => {
    await send('keep me');
    const bad = await api('/api/v1/messages', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"IDs": [1,' });
    expect(bad.status).toBe(400);
    const wrong = await api('/api/v1/messages', jsonBody('PUT', { IDs: 'not-a-list' }));
    expect(wrong.status).toBe(400);
    const huge = await api('/api/v1/messages', jsonBody('DELETE', { IDs: Array.from({ length: 100_000 }, (_, i) => `id${i}xxxxxxxxxxxxxxx`) }));
    expect(huge.status).toBe(413);
    expect((await json('/api/v1/messages')).total).toBe(1);
  });
});

describe('search', () => {
  it('supports free words, phrases, negation and the filters', async () => {
    const invoice = await send('Your invoice', {
      from: 'Billing <billing@shop.example>',
      to: 'ann@example.com',
      cc: 'boss@example.com',
      text: 'Total due: 42 EUR',
      attachments: [{ filename: 'invoice-42.pdf', content: 'x' }],
    });
    const welcome = await send('Welcome aboard', { to: 'ann@example.com', text: 'Glad to have you' });
    const other = await send('Password reset', { to: 'zed@example.com', bcc: 'audit@example.com', text: 'Your code is 123456' });
    await api('/api/v1/tags', jsonBody('PUT', { IDs: [welcome], Tags: ['Onboarding'] }));
    const ids = async (q: string) =>
      (await json(`/api/v1/search?query=${encodeURIComponent(q)}`)).messages.map((m: { ID: string }) => m.ID);
    expect(await ids('invoice')).toEqual([invoice]);
    expect(await ids('invoice-42.pdf')).toEqual([invoice]);
    expect(await ids('"due: 42"')).toEqual([invoice]);
    expect(await ids('to:ann@example.com')).toEqual([welcome, invoice]);
    expect(await ids('to:ann -subject:welcome')).toEqual([invoice]);
    expect(await ids('to:ann !subject:welcome')).toEqual([invoice]);
    expect(await ids('from:billing')).toEqual([invoice]);
    expect(await ids('cc:boss')).toEqual([invoice]);
    expect(await ids('bcc:audit')).toEqual([other]);
    expect(await ids('addressed:audit@example.com')).toEqual([other]);
    expect(await ids('has:attachment')).toEqual([invoice]);
    expect(await ids('tag:onboarding')).toEqual([welcome]);
    expect(await ids('is:tagged')).toEqual([welcome]);
    expect(await ids('123456')).toEqual([other]);
    expect(await ids('larger:100 smaller:100M subject:reset')).toEqual([other]);
    expect(await ids('after:2000-01-01 before:2999-01-01 subject:welcome')).toEqual([welcome]);
    expect(await ids('before:2000-01-01')).toEqual([]);
    expect(await ids('larger:1M')).toEqual([]);
    await api(`/api/v1/message/${other}`);
    expect(await ids('is:read')).toEqual([other]);
    expect(await ids('is:unread')).toEqual([welcome, invoice]);
    const page = await json('/api/v1/search?query=example.com&start=1&limit=1');
    expect(page).toMatchObject({ messages_count: 3, start: 1, total: 3 });
    expect(page.messages).toHaveLength(1);
  });

  it('answers a bad or empty query with a plain-text 400', async () => {
    for (const q of ['is:sideways', 'before:notadate', 'larger:huge', '']) {
      const r = await api(`/api/v1/search?query=${encodeURIComponent(q)}`);
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    }
  });

  it('DELETE /api/v1/search deletes exactly the matches', async () => {
    await send('remove me');
    const keep = await send('keep me');
    expect(await (await api('/api/v1/search?query=subject:remove', { method: 'DELETE' })).text()).toBe('ok');
    expect((await json('/api/v1/messages')).messages.map((m: { ID: string }) => m.ID)).toEqual([keep]);
  });
});

describe('tags', () => {
  it('sets, lists, renames and deletes tags', async () => {
    const a = await send('a');
    const b = await send('b');
    await api('/api/v1/tags', jsonBody('PUT', { IDs: [a, b], Tags: ['Red', 'Blue<script>'] }));
    expect(await json('/api/v1/tags')).toEqual(['Bluescript', 'Red']);
    expect((await json('/api/v1/messages')).messages[0].Tags).toEqual(['Red', 'Bluescript']);
    await api('/api/v1/tags/Red', jsonBody('PUT', { Name: 'Green' }));
    expect(await json('/api/v1/tags')).toEqual(['Bluescript', 'Green']);
    await api('/api/v1/tags/Bluescript', { method: 'DELETE' });
    expect(await json('/api/v1/tags')).toEqual(['Green']);
    await api('/api/v1/tags', jsonBody('PUT', { IDs: [a] }));
    expect((await json(`/api/mailsink/v1/message/${a}`)).Tags).toEqual([]);
  });
});

describe('info and webui', () => {
  it('GET /api/v1/info carries Mailpit\'s AppInformation fields', async () => {
    const counted = await send('counted');
    await send('also counted');
    await api('/api/v1/tags', jsonBody('PUT', { IDs: [counted], Tags: ['billing', 'vip'] }));
    const info = await json('/api/v1/info');
    expect(info.Tags).toEqual({ billing: 1, vip: 1 });
    expect(Object.keys(info).sort()).toEqual(
      ['Database', 'DatabaseSize', 'LatestVersion', 'Messages', 'RuntimeStats', 'Tags', 'Unread', 'Version'].sort(),
    );
    expect(info.Messages).toBe(2);
    expect(info.DatabaseSize).toBeGreaterThan(0);
    expect(info.RuntimeStats.SMTPAccepted).toBeGreaterThan(0);
  });

  it('GET /api/v1/webui carries Mailpit\'s WebUIConfiguration fields', async () => {
    const ui = await json('/api/v1/webui');
    expect(Object.keys(ui).sort()).toEqual(
      ['ChaosEnabled', 'DuplicatesIgnored', 'HideDeleteAllButton', 'Label', 'MessageRelay', 'SpamAssassin'].sort(),
    );
  });
});

describe('POST /api/v1/send', () => {
  it('stores a message built from JSON and answers its ID', async () => {
    const r = await api('/api/v1/send', jsonBody('POST', {
      From: { Email: 'app@example.com', Name: 'App' },
      To: [{ Email: 'user@example.com', Name: 'User' }],
      Bcc: ['secret@example.com'],
      Subject: 'Sent over HTTP',
      Text: 'plain',
      HTML: '<b>rich</b>',
      Tags: ['api'],
      Headers: { 'X-Test': 'yes' },
      Attachments: [{ Content: Buffer.from('file body').toString('base64'), Filename: 'f.txt' }],
    }));
    expect(r.status).toBe(200);
    const { ID } = (await r.json()) as any;
    const m = await json(`/api/mailsink/v1/message/${ID}`);
    expect(m).toMatchObject({ Subject: 'Sent over HTTP', Text: 'plain', Tags: ['api'], Bcc: [{ Address: 'secret@example.com' }] });
    expect(m.Attachments[0].FileName).toBe('f.txt');
    expect((await json(`/api/v1/message/${ID}/headers`))['X-Test']).toEqual(['yes']);
  });

  it('answers JSON errors for a missing sender, no recipients and header injection', async () => {
    for (const body of [
      { To: [{ Email: 'a@example.com' }] },
      { From: { Email: 'a@example.com' } },
      { From: { Email: 'a@example.com' }, To: [{ Email: 'b@example.com' }], Subject: 'x\r\nBcc: victim@example.com' },
    ]) {
      const r = await api('/api/v1/send', jsonBody('POST', body));
      expect(r.status).toBe(400);
      expect(typeof ((await r.json()) as any).Error).toBe('string');
    }
    expect((await json('/api/v1/messages')).total).toBe(0);
  });
});

describe('OpenAPI', () => {
  it('serves the document generated from the route schemas, and a reference page', async () => {
    const doc = await json('/api/openapi.json');
    for (const p of ['/api/v1/messages', '/api/v1/message/{ID}', '/api/v1/search', '/api/v1/send', '/api/mailsink/v1/wait',
      '/api/mailsink/v1/message/{ID}/envelope']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(doc.paths['/api/mailsink/v1/wait'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['after', 'query', 'timeout']);
    const page = await api('/api/docs/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });
});
