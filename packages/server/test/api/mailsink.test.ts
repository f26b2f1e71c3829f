import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMailsink, type TestMailsink } from '../helpers/in-process.js';
import { sendMail } from '../helpers/mail.js';

let ms: TestMailsink;
const api = (path: string) => fetch(`${ms.baseUrl}${path}`);
const json = async (path: string): Promise<any> => (await api(path)).json();
const send = (subject: string, to = 'someone@example.com') =>
  sendMail(ms.smtpPort, { from: 'app@example.com', to, subject, text: subject });

beforeAll(async () => {
  ms = await startTestMailsink();
});
afterAll(async () => {
  await ms.close();
});

describe('GET /api/mailsink/v1/wait', () => {
  it('answers as soon as a matching message arrives after the request', async () => {
    const waiting = api('/api/mailsink/v1/wait?query=subject:%22welcome%20ann%22&timeout=20s');
    await send('not this one');
    const id = await send('Welcome Ann', 'ann@example.com');
    const r = await waiting;
    expect(r.status).toBe(200);
    const summary = (await r.json()) as any;
    expect(summary.ID).toBe(id);
    expect(Object.keys(summary)).toContain('Snippet');
  });

  it('with after=<ID>, answers at once with the oldest match newer than that message', async () => {
    const mark = await send('mark');
    const first = await send('code 1', 'x@example.com');
    await send('code 2', 'x@example.com');
    const r = await api(`/api/mailsink/v1/wait?query=to:x@example.com&after=${mark}`);
    expect(((await r.json()) as any).ID).toBe(first);
  });

  it('times out with a 408 JSON error', async () => {
    const r = await api('/api/mailsink/v1/wait?query=subject:never&timeout=300ms');
    expect(r.status).toBe(408);
    expect(((await r.json()) as any).Error).toMatch(/no matching message/);
  });

  it('rejects a bad timeout, a bad query and an unknown after with JSON errors', async () => {
    for (const [q, status] of [
      ['timeout=forever', 400],
      ['timeout=6m', 400],
      ['query=is:maybe', 400],
      ['after=AAAAAAAAAAAAAAAAAAAAAA', 404],
      ['after=../../x', 400],
    ] as const) {
      const r = await api(`/api/mailsink/v1/wait?${q}`);
      expect(r.status, q).toBe(status);
      expect(typeof ((await r.json()) as any).Error).toBe('string');
    }
  });

  it('lets go of waiters whose client went away', async () => {
    const controller = new AbortController();
    const pending = fetch(`${ms.baseUrl}/api/mailsink/v1/wait?query=subject:abandoned&timeout=1m`, { signal: controller.signal }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await pending;
    // The message arriving afterwards must not crash anything or be answered to a closed socket.
    await send('abandoned');
    expect((await api('/api/v1/messages')).status).toBe(200);
  });
});

describe('message and envelope', () => {
  it('GET /api/mailsink/v1/message/{ID} reads without marking read', async () => {
    const id = await send('unread stays');
    const m = await json(`/api/mailsink/v1/message/${id}`);
    expect(m.Subject).toBe('unread stays');
    const list = await json('/api/v1/search?query=subject:%22unread%20stays%22');
    expect(list.messages[0].Read).toBe(false);
    const missing = await api('/api/mailsink/v1/message/AAAAAAAAAAAAAAAAAAAAAA');
    expect(missing.status).toBe(404);
    expect((await missing.json()) as any).toEqual({ Error: 'no message with ID AAAAAAAAAAAAAAAAAAAAAA' });
  });

  it('GET .../envelope gives MAIL FROM, every RCPT with parameters, HELO and client', async () => {
    const id = await sendMail(ms.smtpPort, {
      envelope: { from: 'bounce@example.com', to: ['to@example.com', 'hidden@example.com'] },
      from: 'app@example.com',
      to: 'to@example.com',
      subject: 'envelope',
      text: 'x',
      dsn: { id: 'env-1', return: 'headers', notify: ['failure'], recipient: 'bounce@example.com' },
    });
    const e = await json(`/api/mailsink/v1/message/${id}/envelope`);
    expect(e.MailFrom.Address).toBe('bounce@example.com');
    expect(e.MailFrom.Params).toMatchObject({ RET: 'HDRS', ENVID: 'env-1' });
    expect(e.RcptTo.map((r: { Address: string }) => r.Address)).toEqual(['to@example.com', 'hidden@example.com']);
    expect(e.RcptTo[0].Params.NOTIFY).toBe('FAILURE');
    expect(e).toMatchObject({ ClientAddress: '127.0.0.1', Greeting: 'EHLO', Protocol: 'ESMTP', TLS: null, Auth: null });
    expect(e.Helo).not.toBe('');
    expect(typeof e.ClientPort).toBe('number');
  });

  it('GET .../parts gives the MIME tree', async () => {
    const id = await sendMail(ms.smtpPort, {
      from: 'a@example.com', to: 'b@example.com', subject: 'tree', text: 't', html: '<b>h</b>',
      attachments: [{ filename: 'f.txt', content: 'f' }],
    });
    const tree = await json(`/api/mailsink/v1/message/${id}/parts`);
    expect(tree.ContentType).toBe('multipart/mixed');
    expect(tree.Children.map((c: { ContentType: string }) => c.ContentType)).toEqual(['multipart/alternative', 'text/plain']);
    expect(tree.Children[1]).toMatchObject({ PartID: '2', FileName: 'f.txt' });
  });
});

describe('GET /api/mailsink/v1/server', () => {
  it('says where SMTP listens, for the UI\'s help on pointing an app at mailsink', async () => {
    const info = await json('/api/mailsink/v1/server');
    expect(info).toEqual({ Version: expect.any(String), SMTPListen: `127.0.0.1:${ms.smtpPort}`, SMTPSListen: '' });
  });
});
