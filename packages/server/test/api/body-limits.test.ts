import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMailsink, type TestMailsink } from '../helpers/in-process.js';
import { sendMail } from '../helpers/mail.js';

/** Every POST and PUT caps its JSON body: an oversize one gets 413 and changes nothing. */
describe('oversize JSON bodies', () => {
  let ms: TestMailsink;
  let id: string;
  beforeAll(async () => {
    ms = await startTestMailsink(['--enable-chaos', '--max-message-size', '1MB']);
    id = await sendMail(ms.smtpPort, { from: 'a@example.com', to: 'b@example.com', subject: 'keep', text: 'x' });
  });
  afterAll(async () => {
    await ms.close();
  });

  const padding = 'x'.repeat(2 * 1024 * 1024);
  it.each([
    ['PUT', '/api/v1/messages', { IDs: [padding], Read: true }],
    ['DELETE', '/api/v1/messages', { IDs: [padding] }],
    ['PUT', '/api/v1/tags', { IDs: [padding], Tags: ['t'] }],
    ['PUT', '/api/v1/tags/keep', { Name: padding }],
    ['POST', '/api/v1/send', { From: { Email: 'a@example.com' }, To: [{ Email: 'b@example.com' }], Text: padding }],
    ['PUT', '/api/v1/chaos', { Sender: { ErrorCode: 451, Probability: 100 }, Pad: padding }],
    ['POST', '/api/mailsink/v1/faults', { Type: 'drop', Stage: 'mail', Pad: padding }],
  ] as const)('%s %s', async (method, path, body) => {
    const res = await fetch(`${ms.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(413);
    const list = (await (await fetch(`${ms.baseUrl}/api/v1/messages`)).json()) as any;
    expect(list.messages.map((m: { ID: string }) => m.ID)).toEqual([id]);
    expect(list.messages[0].Read).toBe(false);
    const chaos = (await (await fetch(`${ms.baseUrl}/api/v1/chaos`)).json()) as any;
    expect(chaos.Sender.Probability).toBe(0);
    expect(await (await fetch(`${ms.baseUrl}/api/mailsink/v1/faults`)).json()).toEqual({ Rules: [] });
  });
});
