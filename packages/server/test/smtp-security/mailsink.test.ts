import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import { ListenError } from '../../src/mailsink.js';
import { startTestMailsink, type TestMailsink } from '../helpers/in-process.js';
import { RawClient } from '../smtp/raw-client.js';
import { removeDir, tempDir } from './fixtures.js';

const dirs: string[] = [];
let m: TestMailsink | undefined;
afterEach(async () => {
  await m?.close();
  m = undefined;
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

async function dir(): Promise<string> {
  const d = await tempDir();
  dirs.push(d);
  return d;
}

describe('SMTP security options', () => {
  it('reads boolean flags without a value, and their variables as true/false/1/0', () => {
    const flags = parseConfig(['--smtp-tls', '--smtp-require-tls', '--smtp-require-auth', '--smtps', '0.0.0.0:1465'], {});
    expect(flags).toMatchObject({ smtpTls: true, smtpRequireTls: true, smtpRequireAuth: true, smtps: { host: '0.0.0.0', port: 1465 } });
    const env = parseConfig([], { MAILSINK_SMTP_TLS: '1', MAILSINK_SMTP_REQUIRE_TLS: 'false', MAILSINK_SMTP_MAX_CONNECTIONS_PER_MINUTE: '600' });
    expect(env).toMatchObject({ smtpTls: true, smtpRequireTls: false, smtpMaxConnectionsPerMinute: 600, smtps: null });
    expect(parseConfig([], {})).toMatchObject({ smtpTls: false, smtpAuth: [], smtpMaxConnectionsPerMinute: 0, smtpMaxInFlight: 256 * 1024 ** 2 });
    expect(() => parseConfig([], { MAILSINK_SMTP_TLS: 'maybe' })).toThrow(/MAILSINK_SMTP_TLS: "maybe" is not true or false/);
  });

  it('reads credentials from the option and from a file with comments, and names the option when they are bad', async () => {
    const d = await dir();
    const file = path.join(d, 'users');
    await fs.writeFile(file, '# SMTP users\nalice:wonder:land\n\n  # more\nbob:pw\n');
    const config = parseConfig(['--smtp-auth', 'carol:x,dave:y', '--smtp-auth-file', file], {});
    expect(config.smtpAuth).toEqual([{ user: 'carol', password: 'x' }, { user: 'dave', password: 'y' }]);
    expect(config.smtpAuthFile).toEqual([{ user: 'alice', password: 'wonder:land' }, { user: 'bob', password: 'pw' }]);
    expect(() => parseConfig(['--smtp-auth', 'nopassword'], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--smtp-auth', 'nopassword'], {})).toThrow(/^--smtp-auth: /);
    expect(() => parseConfig(['--smtp-auth-file', path.join(d, 'missing')], {})).toThrow(/^--smtp-auth-file: cannot read/);
    expect(() => parseConfig(['--smtp-tls-cert', file], {})).toThrow(/--smtp-tls-cert and --smtp-tls-key: give both/);
  });
});

describe('mailsink with TLS and AUTH', () => {
  it('generates the certificate once in the data directory, serves STARTTLS and implicit TLS, and keeps the user', async () => {
    const data = await dir();
    const args = ['--smtp-tls', '--smtps', '127.0.0.1:0', '--smtp-auth', 'alice:wonderland', '--smtp-require-auth'];
    m = await startTestMailsink(args, data);
    const keyStat = await fs.stat(path.join(data, 'tls', 'key.pem'));
    expect(keyStat.mode & 0o777).toBe(0o600);
    const cert = await fs.readFile(path.join(data, 'tls', 'cert.pem'), 'utf8');

    const starttls = nodemailer.createTransport({
      host: '127.0.0.1', port: m.smtpPort, requireTLS: true, tls: { rejectUnauthorized: false },
      auth: { user: 'alice', pass: 'wonderland' },
    });
    await starttls.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'one', text: 'x' });
    starttls.close();
    const implicit = nodemailer.createTransport({
      host: '127.0.0.1', port: m.app.smtpsAddress!.port, secure: true, tls: { rejectUnauthorized: false },
      auth: { user: 'alice', pass: 'wonderland', method: 'CRAM-MD5' },
    });
    await implicit.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'two', text: 'x' });
    implicit.close();
    const unauthenticated = nodemailer.createTransport({ host: '127.0.0.1', port: m.smtpPort, tls: { rejectUnauthorized: false } });
    await expect(unauthenticated.sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' })).rejects.toMatchObject({ responseCode: 530 });
    unauthenticated.close();

    const records = m.app.store.list(0, 10);
    expect(records.map((r) => r.username)).toEqual(['alice', 'alice']);
    expect(records.map((r) => r.envelope.protocol).sort()).toEqual(['ESMTPSA', 'ESMTPSA']);
    const transcript = await m.app.store.readTranscript(records[0]!.id);
    expect(transcript).toMatch(/^S: 220 /);
    expect(transcript).not.toContain('wonderland');

    await m.stop();
    m = await startTestMailsink(args, data);
    expect(await fs.readFile(path.join(data, 'tls', 'cert.pem'), 'utf8')).toBe(cert);
    const c = await RawClient.connectTls(m.app.smtpsAddress!.port);
    try {
      expect((await c.expectReply()).code).toBe(220);
      expect((c.socket as import('node:tls').TLSSocket).getPeerCertificate(true).raw.toString('base64')).toBe(
        cert.replace(/-----[^-]+-----|\s/g, ''),
      );
    } finally {
      c.close();
    }
  });

  it('offers neither STARTTLS nor a second listener by default, and accepts any credentials', async () => {
    m = await startTestMailsink();
    expect(m.app.smtpsAddress).toBeNull();
    const c = await RawClient.connect(m.smtpPort);
    try {
      await c.expectReply();
      const ehlo = await c.command('EHLO client.example');
      expect(ehlo.lines).not.toContain('STARTTLS');
      expect(ehlo.lines).toContain('AUTH PLAIN LOGIN CRAM-MD5');
      expect((await c.command(`AUTH PLAIN ${Buffer.from('\0who\0ever').toString('base64')}`)).code).toBe(235);
    } finally {
      c.close();
    }
    await expect(fs.stat(path.join(m.dataDir, 'tls'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('stops start-up naming the option when the certificate files are not a pair', async () => {
    const d = await dir();
    await fs.writeFile(path.join(d, 'cert.pem'), 'not a certificate');
    await fs.writeFile(path.join(d, 'key.pem'), 'not a key');
    await expect(
      startTestMailsink(['--smtp-tls-cert', path.join(d, 'cert.pem'), '--smtp-tls-key', path.join(d, 'key.pem')], await dir()),
    ).rejects.toThrow(ListenError);
    await expect(
      startTestMailsink(['--smtp-tls-cert', path.join(d, 'cert.pem'), '--smtp-tls-key', path.join(d, 'key.pem')], await dir()),
    ).rejects.toThrow(/^--smtp-tls-cert\/--smtp-tls-key: /);
  });
});
