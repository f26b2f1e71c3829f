import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ maxMessageSize: 50 * 1024 * 1024 });
});
afterEach(async () => {
  await t.close();
});

describe('nodemailer as the client', () => {
  it('sends text, an attachment and SMTPUTF8 addresses, and the stored bytes hold what was sent', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: t.port, secure: false, ignoreTLS: true });
    const attachment = Buffer.alloc(50_000);
    for (let i = 0; i < attachment.length; i++) attachment[i] = (i * 7) % 256;
    try {
      const info = await transport.sendMail({
        from: 'Élise <élise@exemple.fr>',
        to: '用户@例子.广告',
        bcc: 'hidden@example.com',
        subject: 'Grüße',
        text: 'Hallo,\n.a line starting with a dot\n..and two\nBye',
        attachments: [{ filename: 'data.bin', content: attachment }],
      });
      expect(info.response).toBe('250 2.0.0 Ok: queued as msg1');
      expect(info.accepted).toEqual(['用户@例子.广告', 'hidden@example.com']);
    } finally {
      transport.close();
    }
    const [message] = t.sink.messages;
    expect(message!.envelope).toMatchObject({
      mailFrom: { address: 'élise@exemple.fr', params: expect.objectContaining({ SMTPUTF8: '' }) },
      rcptTo: [{ address: '用户@例子.广告' }, { address: 'hidden@example.com' }],
      greeting: 'EHLO',
      protocol: 'UTF8SMTP',
    });
    const raw = message!.raw.toString('utf8');
    expect(raw).toMatch(/^Received: from \S+ \(\[127\.0\.0\.1\]\)/);
    expect(raw).toContain('.a line starting with a dot');
    expect(raw).toContain('\n..and two');
    expect(raw).toContain('filename=data.bin');
    const base64 = attachment.toString('base64');
    expect(raw.replace(/\r\n/g, '')).toContain(base64);
    expect(raw).not.toContain('hidden@example.com');
  });

  it('sends several messages over one pooled connection', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: t.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 });
    try {
      const infos = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          transport.sendMail({ from: 'a@example.com', to: `r${i}@example.com`, subject: `pooled ${i}`, text: `body ${i}` }),
        ),
      );
      expect(infos.every((info) => /^250 2\.0\.0 Ok: queued as msg\d+$/.test(info.response))).toBe(true);
    } finally {
      transport.close();
    }
    expect(t.sink.messages).toHaveLength(10);
    expect(new Set(t.sink.messages.map((m) => m.envelope.sessionId)).size).toBe(1);
  });

  it('sends a 20 MiB message that arrives byte for byte', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: t.port, secure: false, ignoreTLS: true });
    const line = `${'0123456789'.repeat(99)}\r\n.dot-led line\r\n`;
    const body = line.repeat(Math.ceil((20 * 1024 * 1024) / line.length));
    const raw = `From: a@example.com\r\nTo: b@example.com\r\nSubject: big\r\n\r\n${body}`;
    try {
      const info = await transport.sendMail({ envelope: { from: 'a@example.com', to: ['b@example.com'] }, raw });
      expect(info.response).toMatch(/^250 /);
    } finally {
      transport.close();
    }
    expect(t.sink.body(0).equals(Buffer.from(raw))).toBe(true);
  });
});
