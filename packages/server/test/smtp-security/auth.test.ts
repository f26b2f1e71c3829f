import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { sendMessage, startTestServer, type TestServer } from '../smtp/harness.js';
import { RawClient } from '../smtp/raw-client.js';
import { b64, testCertificate } from './fixtures.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const USERS = new Map([['alice', 'wonderland'], ['bob', 'pässword']]);

function cramResponse(challengeB64: string, user: string, password: string): string {
  const challenge = Buffer.from(challengeB64, 'base64').toString('utf8');
  return b64(`${user} ${createHmac('md5', password).update(challenge).digest('hex')}`);
}

async function deliver(client: RawClient): Promise<void> {
  expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'Subject: x\r\n\r\ny')).toBe(250);
}

describe('AUTH offered and accepting any credentials', () => {
  it('is advertised only when configured', async () => {
    t = await startTestServer({ auth: {} });
    const client = await t.connect();
    expect((await client.command('EHLO client.example')).lines).toContain('AUTH PLAIN LOGIN CRAM-MD5');
  });

  it('takes MAIL FROM\'s AUTH= parameter (RFC 4954 5) where AUTH is offered, and keeps it in the envelope', async () => {
    t = await startTestServer({ auth: {} });
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<a@example.com> AUTH=<>')).toBe(250);
    expect(await client.code('RSET')).toBe(250);
    expect(await client.code('MAIL FROM:<a@example.com> AUTH=relay+2Bclient@example.com')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    expect(await client.code('DATA')).toBe(354);
    expect(await client.code('Subject: x\r\n\r\ny\r\n.')).toBe(250);
    expect(t.sink.messages[0]!.envelope.mailFrom.params).toEqual({ AUTH: 'relay+2Bclient@example.com' });
    expect(await client.code('MAIL FROM:<a@example.com> AUTH=bad\x01')).toBe(500);
    const without = await startTestServer({});
    try {
      const plain = await without.connectEhlo();
      expect(await plain.code('MAIL FROM:<a@example.com> AUTH=<>')).toBe(555);
    } finally {
      await without.close();
    }
  });

  it('PLAIN with an initial response, keeping the user in the envelope and ESMTPA in Received', async () => {
    t = await startTestServer({ auth: {} });
    const client = await t.connectEhlo();
    expect((await client.command(`AUTH PLAIN ${b64('\0anyone\0anything')}`)).text).toBe('235 2.7.0 Authentication successful');
    await deliver(client);
    const { envelope, raw } = t.sink.messages[0]!;
    expect(envelope.auth).toEqual({ username: 'anyone', mechanism: 'PLAIN' });
    expect(envelope.protocol).toBe('ESMTPA');
    expect(raw.toString('latin1')).toMatch(/^Received: [^;]*with ESMTPA/);
  });

  it('PLAIN with an empty challenge, LOGIN in two steps, CRAM-MD5 with any digest', async () => {
    t = await startTestServer({ auth: {} });
    let client = await t.connectEhlo();
    expect((await client.command('AUTH PLAIN')).text).toBe('334 ');
    expect((await client.command(b64('\0p\0x'))).code).toBe(235);

    client = await t.connectEhlo();
    expect((await client.command('auth login')).text).toBe(`334 ${b64('Username:')}`);
    expect((await client.command(b64('l'))).text).toBe(`334 ${b64('Password:')}`);
    expect((await client.command(b64('whatever'))).code).toBe(235);
    await deliver(client);

    client = await t.connectEhlo();
    const challenge = await client.command('AUTH CRAM-MD5');
    expect(challenge.code).toBe(334);
    expect(Buffer.from(challenge.lines[0]!, 'base64').toString()).toMatch(/^<[0-9a-f]+\.\d+@mx\.mailsink\.test>$/);
    expect((await client.command(cramResponse(challenge.lines[0]!, 'c', 'guess'))).code).toBe(235);
    await deliver(client);
    expect(t.sink.messages.map((m) => m.envelope.auth)).toEqual([
      { username: 'l', mechanism: 'LOGIN' },
      { username: 'c', mechanism: 'CRAM-MD5' },
    ]);
  });

  it('answers bad base64 501, "*" 501, an unknown mechanism 504, and stays usable', async () => {
    t = await startTestServer({ auth: {} });
    const client = await t.connectEhlo();
    expect((await client.command('AUTH PLAIN !!!notbase64')).text).toMatch(/^501 5\.5\.2 /);
    expect((await client.command('AUTH LOGIN')).code).toBe(334);
    expect((await client.command('*')).text).toMatch(/^501 5\.7\.0 /);
    expect((await client.command('AUTH LOGIN')).code).toBe(334);
    expect((await client.command('abc')).text).toMatch(/^501 5\.5\.2 /);
    expect((await client.command(`AUTH PLAIN ${b64('no nul bytes')}`)).code).toBe(501);
    expect((await client.command(`AUTH PLAIN ${b64('\0jürgen\0x')}`)).code).toBe(235); // a UTF-8 user name is fine
    client.send('QUIT\r\n');
    const other = await t.connectEhlo();
    expect((await other.command('AUTH GSSAPI')).text).toMatch(/^504 /);
    expect((await other.command('AUTH CRAM-MD5 aW5pdGlhbA==')).code).toBe(501);
    expect((await other.command('AUTH')).code).toBe(501);
    expect(await other.code('NOOP')).toBe(250);
    await deliver(other);
  });

  it('refuses AUTH before EHLO, twice, and inside a transaction', async () => {
    t = await startTestServer({ auth: {} });
    const client = await t.connect();
    expect((await client.command(`AUTH PLAIN ${b64('\0u\0p')}`)).code).toBe(503);
    await client.command('EHLO client.example');
    expect((await client.command('MAIL FROM:<a@example.com>')).code).toBe(250);
    expect((await client.command(`AUTH PLAIN ${b64('\0u\0p')}`)).code).toBe(503);
    expect(await client.code('RSET')).toBe(250);
    expect((await client.command(`AUTH PLAIN ${b64('\0u\0p')}`)).code).toBe(235);
    expect((await client.command(`AUTH PLAIN ${b64('\0u\0p')}`)).code).toBe(503);
  });

  it('takes AUTH lines up to 12,288 octets and refuses longer ones with 500', async () => {
    t = await startTestServer({ auth: {} });
    const client = await t.connectEhlo();
    const long = b64(`\0user\0${'p'.repeat(9000)}`); // 12,012 characters
    expect((await client.command(`AUTH PLAIN ${long}`)).code).toBe(235);
    const other = await t.connectEhlo();
    expect((await other.command(`AUTH PLAIN ${b64(`\0u\0${'p'.repeat(9300)}`)}`)).text).toMatch(/^500 5\.5\.2 /);
    expect((await other.command('AUTH PLAIN')).code).toBe(334);
    expect((await other.command(b64(`\0u\0${'p'.repeat(9300)}`))).text).toMatch(/^500 5\.5\.2 /);
    expect(await other.code('NOOP')).toBe(250);
  });
});

describe('AUTH checking credentials', () => {
  it('accepts the right password with each mechanism and answers a wrong one 535 5.7.8', async () => {
    t = await startTestServer({ auth: { users: USERS } });
    const client = await t.connectEhlo();
    expect((await client.command(`AUTH PLAIN ${b64('\0alice\0wrong')}`)).text).toMatch(/^535 5\.7\.8 /);
    expect((await client.command(`AUTH PLAIN ${b64('\0mallory\0wonderland')}`)).code).toBe(535);
    expect((await client.command(`AUTH PLAIN ${b64('\0alice\0wonderland')}`)).code).toBe(235);

    const login = await t.connectEhlo();
    await login.command('AUTH LOGIN');
    await login.command(b64('bob'));
    expect((await login.command(b64('pässword'))).code).toBe(235);

    const cram = await t.connectEhlo();
    let challenge = await cram.command('AUTH CRAM-MD5');
    expect((await cram.command(cramResponse(challenge.lines[0]!, 'alice', 'nope'))).code).toBe(535);
    challenge = await cram.command('AUTH CRAM-MD5');
    expect((await cram.command(cramResponse(challenge.lines[0]!, 'alice', 'wonderland'))).code).toBe(235);
    await deliver(cram);
    expect(t.sink.messages[0]!.envelope.auth).toEqual({ username: 'alice', mechanism: 'CRAM-MD5' });
    expect(t.events.filter((e) => e.Type === 'auth')).toHaveLength(3);
  });

  it.each(['PLAIN', 'LOGIN', 'CRAM-MD5'] as const)('works with nodemailer using %s', async (method) => {
    t = await startTestServer({ auth: { users: USERS } });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: t.port, auth: { user: 'alice', pass: 'wonderland', method } });
    await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' });
    const wrong = nodemailer.createTransport({ host: '127.0.0.1', port: t.port, auth: { user: 'alice', pass: 'bad', method } });
    await expect(wrong.sendMail({ from: 'a@example.com', to: 'b@example.com', text: 'x' })).rejects.toMatchObject({ responseCode: 535 });
    transport.close();
    wrong.close();
    expect(t.sink.messages.map((m) => m.envelope.auth)).toEqual([{ username: 'alice', mechanism: method }]);
  });
});

describe('AUTH required', () => {
  it('answers MAIL before AUTH 530 5.7.0 and takes it after', async () => {
    t = await startTestServer({ auth: { users: USERS, required: true } });
    const client = await t.connectEhlo();
    expect((await client.command('MAIL FROM:<a@example.com>')).text).toMatch(/^530 5\.7\.0 /);
    expect((await client.command(`AUTH PLAIN ${b64('\0alice\0wrong')}`)).code).toBe(535);
    expect((await client.command('MAIL FROM:<a@example.com>')).code).toBe(530);
    expect((await client.command(`AUTH PLAIN ${b64('\0alice\0wonderland')}`)).code).toBe(235);
    await deliver(client);
    expect(t.sink.messages).toHaveLength(1);
  });

  it('names ESMTPSA after STARTTLS and AUTH', async () => {
    t = await startTestServer({ tls: await testCertificate(), auth: { required: true } });
    const c = await RawClient.connect(t.port);
    try {
      await c.expectReply();
      await c.command('EHLO client.example');
      await c.command('STARTTLS');
      await c.startTls();
      await c.command('EHLO client.example');
      expect((await c.command(`AUTH PLAIN ${b64('\0carol\0x')}`)).code).toBe(235);
      expect((await c.command('MAIL FROM:<a@example.com>')).code).toBe(250);
      expect((await c.command('RCPT TO:<b@example.com>')).code).toBe(250);
      expect((await c.command('DATA')).code).toBe(354);
      expect((await c.command('Subject: x\r\n\r\ny\r\n.')).code).toBe(250);
    } finally {
      c.close();
    }
    const { envelope, raw } = t.sink.messages[0]!;
    expect(envelope.protocol).toBe('ESMTPSA');
    expect(envelope.auth?.username).toBe('carol');
    expect(raw.toString('latin1')).toMatch(/^Received: [^;]*with ESMTPSA/);
  });

  it('names UTF8SMTPSA when the transaction uses SMTPUTF8', async () => {
    t = await startTestServer({ tls: await testCertificate(), auth: {} });
    const c = await RawClient.connect(t.port);
    try {
      await c.expectReply();
      await c.command('EHLO client.example');
      await c.command('STARTTLS');
      await c.startTls();
      await c.command('EHLO client.example');
      await c.command(`AUTH PLAIN ${b64('\0u\0p')}`);
      expect((await c.command('MAIL FROM:<jürgen@example.com> SMTPUTF8')).code).toBe(250);
      expect((await c.command('RCPT TO:<b@example.com>')).code).toBe(250);
      expect((await c.command('DATA')).code).toBe(354);
      expect((await c.command('Subject: x\r\n\r\ny\r\n.')).code).toBe(250);
    } finally {
      c.close();
    }
    expect(t.sink.messages[0]!.envelope.protocol).toBe('UTF8SMTPSA');
  });
});
