import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestMailsink, type TestMailsink } from '../helpers/in-process.js';
import { sendMail } from '../helpers/mail.js';

describe('--base-path', () => {
  let ms: TestMailsink;
  let origin: string;
  beforeAll(async () => {
    ms = await startTestMailsink(['--base-path', '/mail/']);
    origin = ms.baseUrl.replace(/\/mail$/, '');
  });
  afterAll(async () => {
    await ms.close();
  });

  it('moves the UI, the API, /view and the WebSocket under the path', async () => {
    expect(ms.app.webUrl).toMatch(/\/mail\/$/);
    const id = await sendMail(ms.smtpPort, { from: 'a@example.com', to: 'b@example.com', subject: 'under a path', html: '<p>hi</p>' });
    expect(((await (await fetch(`${origin}/mail/api/v1/messages`)).json()) as any).messages[0].ID).toBe(id);
    expect((await fetch(`${origin}/api/v1/messages`)).status).toBe(404);
    expect(await (await fetch(`${origin}/mail/view/${id}.html`)).text()).toContain('<p>hi</p>');
    expect((await fetch(`${origin}/mail/api/openapi.json`)).status).toBe(200);
    const page = await fetch(`${origin}/mail/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/(html|plain)/);
    const redirect = await fetch(`${origin}/mail`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/mail/');

    const ws = new WebSocket(`${origin.replace('http', 'ws')}/mail/api/events`);
    // A stats frame for the first message may still be on its way: wait for the new one.
    const frame = new Promise<any>((resolve) =>
      ws.on('message', (d) => {
        const parsed = JSON.parse(d.toString());
        if (parsed.Type !== 'stats') resolve(parsed);
      }),
    );
    await new Promise((r) => ws.once('open', r));
    await sendMail(ms.smtpPort, { from: 'a@example.com', to: 'b@example.com', subject: 'live under a path', text: 'x' });
    expect((await frame).Type).toBe('new');
    ws.close();
  });

  it('refuses a malformed path at start-up, naming the option', async () => {
    await expect(startTestMailsink(['--base-path', 'mail/../x'])).rejects.toThrow(/--base-path/);
  });
});
