import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../src/smtp/index.js';
import { sendMessage, startTestServer, type TestServer } from '../smtp/harness.js';
import { RawClient } from '../smtp/raw-client.js';
import { removeDir, tempDir, testCertificate } from './fixtures.js';

let t: TestServer | undefined;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t?.close();
  t = undefined;
});

async function plain(port: number): Promise<RawClient> {
  const c = await RawClient.connect(port);
  clients.push(c);
  expect((await c.expectReply()).code).toBe(220);
  return c;
}

describe('STARTTLS (RFC 3207)', () => {
  it('is not offered without a certificate, and then answered 502', async () => {
    t = await startTestServer();
    const c = await plain(t.port);
    expect((await c.command('EHLO client.example')).lines).not.toContain('STARTTLS');
    expect((await c.command('STARTTLS')).code).toBe(502);
  });

  it('delivers a message from nodemailer with requireTLS, recording TLS in the envelope and Received header', async () => {
    t = await startTestServer({ tls: await testCertificate() });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: t.port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } });
    const info = await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'tls', text: 'secret' });
    transport.close();
    expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as msg1/);
    const { envelope, raw } = t.sink.messages[0]!;
    expect(envelope.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(envelope.tls?.cipher).toBeTruthy();
    expect(envelope.protocol).toBe('ESMTPS');
    expect(raw.toString('latin1')).toMatch(/^Received: [^;]*with ESMTPS/);
  });

  it('upgrades a raw socket, discards what was pipelined after STARTTLS and starts the session over', async () => {
    t = await startTestServer({ tls: await testCertificate() });
    const c = await plain(t.port);
    const ehlo = await c.command('EHLO client.example');
    expect(ehlo.lines).toContain('STARTTLS');
    expect((await c.command('MAIL FROM:<before@example.com>')).code).toBe(250);
    c.send('STARTTLS\r\nRCPT TO:<smuggled@example.com>\r\n');
    expect((await c.expectReply()).text).toBe('220 2.0.0 Ready to start TLS');
    await c.startTls();
    // The transaction and the EHLO from before TLS are forgotten; the pipelined RCPT was dropped.
    expect((await c.command('MAIL FROM:<a@example.com>')).code).toBe(503);
    const again = await c.command('EHLO client.example');
    expect(again.code).toBe(250);
    expect(again.lines).not.toContain('STARTTLS');
    expect((await c.command('STARTTLS')).code).toBe(503);
    expect((await c.command('MAIL FROM:<a@example.com>')).code).toBe(250);
    expect((await c.command('RCPT TO:<b@example.com>')).code).toBe(250);
    expect((await c.command('DATA')).code).toBe(354);
    expect((await c.command('Subject: hi\r\n\r\nbody\r\n.')).code).toBe(250);
    expect(t.sink.messages).toHaveLength(1);
    expect(t.sink.messages[0]!.envelope.rcptTo.map((r) => r.address)).toEqual(['b@example.com']);
    expect(t.sink.messages[0]!.envelope.mailFrom.address).toBe('a@example.com');
  });

  it('answers STARTTLS with an argument 501, and survives a client that sends garbage instead of a handshake', async () => {
    t = await startTestServer({ tls: await testCertificate() });
    const c = await plain(t.port);
    await c.command('EHLO client.example');
    expect((await c.command('STARTTLS now')).code).toBe(501);
    expect((await c.command('STARTTLS')).code).toBe(220);
    c.send('this is not a TLS ClientHello\r\n'.repeat(10));
    expect(await c.read()).toBeNull(); // closed by the server
    const other = await plain(t.port);
    await other.command('EHLO client.example');
    expect((await other.command('NOOP')).code).toBe(250);
  });

  it('with requireTls answers MAIL and AUTH before STARTTLS 530 5.7.0, and not after', async () => {
    t = await startTestServer({ tls: await testCertificate(), requireTls: true, auth: {} });
    const c = await plain(t.port);
    const ehlo = await c.command('EHLO client.example');
    expect(ehlo.lines).toContain('STARTTLS');
    expect(ehlo.lines.some((l) => l.startsWith('AUTH'))).toBe(false);
    expect((await c.command('MAIL FROM:<a@example.com>')).text).toMatch(/^530 5\.7\.0 /);
    expect((await c.command('AUTH PLAIN AHUAcA==')).text).toMatch(/^530 5\.7\.0 /);
    expect((await c.command('STARTTLS')).code).toBe(220);
    await c.startTls();
    expect((await c.command('EHLO client.example')).lines).toContain('AUTH PLAIN LOGIN CRAM-MD5');
    expect((await c.command('MAIL FROM:<a@example.com>')).code).toBe(250);
  });
});

describe('implicit TLS (RFC 8314)', () => {
  it('greets only after the handshake and receives over TLS', async () => {
    t = await startTestServer({ tls: await testCertificate(), implicitTls: true });
    const c = await RawClient.connectTls(t.port);
    clients.push(c);
    expect((await c.expectReply()).code).toBe(220);
    const ehlo = await c.command('EHLO client.example');
    expect(ehlo.lines).not.toContain('STARTTLS');
    expect((await c.command('MAIL FROM:<a@example.com>')).code).toBe(250);
    expect((await c.command('RCPT TO:<b@example.com>')).code).toBe(250);
    expect((await c.command('DATA')).code).toBe(354);
    expect((await c.command('Subject: x\r\n\r\ny\r\n.')).code).toBe(250);
    expect(t.sink.messages[0]!.envelope.protocol).toBe('ESMTPS');
    expect(t.sink.messages[0]!.envelope.tls).not.toBeNull();
  });

  it('works with nodemailer secure: true, and a plain-text client gets nothing it could mistake for SMTP', async () => {
    t = await startTestServer({ tls: await testCertificate(), implicitTls: true });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: t.port, secure: true, tls: { rejectUnauthorized: false } });
    await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'over 465' });
    transport.close();
    expect(t.sink.messages).toHaveLength(1);
    const c = await RawClient.connect(t.port);
    clients.push(c);
    c.send('EHLO client.example\r\n');
    expect(await c.read()).toBeNull();
  });
});

describe('the self-signed certificate', () => {
  it('is generated once into the directory with a 0600 key, then reused', async () => {
    const dir = await tempDir();
    try {
      const tlsDir = path.join(dir, 'tls');
      const first = await selfSignedCertificate(tlsDir, 'mx.example');
      expect(first.cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect((await fs.stat(path.join(tlsDir, 'key.pem'))).mode & 0o777).toBe(0o600);
      const second = await selfSignedCertificate(tlsDir, 'mx.example');
      expect(second).toEqual(first);
      // And it is a pair a TLS server can use.
      t = await startTestServer({ tls: second, implicitTls: true });
      const c = await RawClient.connectTls(t.port);
      clients.push(c);
      expect((await c.expectReply()).code).toBe(220);
    } finally {
      await removeDir(dir);
    }
  });

  it('refuses to start a TLS-only listener without a certificate', async () => {
    await expect(startTestServer({ implicitTls: true })).rejects.toThrow(/need tls/);
  });
});

describe('a plain session next to TLS', () => {
  it('still delivers without any TLS setting', async () => {
    t = await startTestServer({ tls: await testCertificate() });
    const client = await t.connectEhlo();
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'Subject: x\r\n\r\nplain')).toBe(250);
    expect(t.sink.messages[0]!.envelope.tls).toBeNull();
    expect(t.sink.messages[0]!.envelope.protocol).toBe('ESMTP');
  });
});
