import { afterEach, describe, expect, it } from 'vitest';
import { sendMessage, startTestServer, type TestServer } from '../smtp/harness.js';
import { b64 } from './fixtures.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('the SMTP transcript', () => {
  it('is handed over with each message: the session start, then that transaction, credentials masked', async () => {
    t = await startTestServer({ transcriptMaxBytes: 16 * 1024, auth: {} });
    const client = await t.connectEhlo();
    expect(await client.code(`AUTH PLAIN ${b64('\0alice\0s3cret')}`)).toBe(235);
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'Subject: one\r\n\r\nfirst')).toBe(250);
    expect(await client.code('AUTH LOGIN')).toBe(503);
    expect(await sendMessage(client, 'c@example.com', ['d@example.com'], 'Subject: two\r\n\r\nsecond!')).toBe(250);
    const [first, second] = t.sink.messages.map((m) => m.envelope.transcript!) as [string, string];
    expect(first).toContain('S: 220 mx.mailsink.test ESMTP mailsink\nC: EHLO client.example\nS: 250-mx.mailsink.test\n');
    expect(first).toContain('C: AUTH PLAIN ****\nS: 235 2.7.0 Authentication successful\n');
    expect(first.endsWith('C: MAIL FROM:<a@example.com>\nS: 250 2.1.0 Ok\nC: RCPT TO:<b@example.com>\nS: 250 2.1.5 Ok\nC: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nC: [23 bytes of data]\nC: .')).toBe(true);
    expect(first).not.toContain(b64('\0alice\0s3cret'));
    expect(first).not.toContain('first');
    // The second starts like the first, then holds only its own transaction.
    expect(second.startsWith(first.slice(0, first.indexOf('C: MAIL')))).toBe(true);
    expect(second).not.toContain('a@example.com');
    expect(second).toContain('C: AUTH LOGIN\nS: 503 5.5.1 Error: already authenticated\nC: MAIL FROM:<c@example.com>');
    expect(second).toContain('C: [25 bytes of data]');
  });

  it('masks every SASL response line', async () => {
    t = await startTestServer({ transcriptMaxBytes: 16 * 1024, auth: {} });
    const client = await t.connectEhlo();
    await client.command('AUTH LOGIN');
    await client.command(b64('bob'));
    await client.command(b64('hunter2'));
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'x')).toBe(250);
    const transcript = t.sink.messages[0]!.envelope.transcript!;
    expect(transcript).toContain(`C: AUTH LOGIN\nS: 334 ${b64('Username:')}\nC: ****\nS: 334 ${b64('Password:')}\nC: ****\nS: 235`);
    expect(transcript).not.toContain(b64('hunter2'));
  });

  it('records BDAT chunks as byte counts', async () => {
    t = await startTestServer({ transcriptMaxBytes: 16 * 1024 });
    const client = await t.connectEhlo();
    await client.command('MAIL FROM:<a@example.com>');
    await client.command('RCPT TO:<b@example.com>');
    client.send('BDAT 5\r\nabcdeBDAT 3 LAST\r\nfgh');
    await client.readMany(2);
    expect(t.sink.messages[0]!.envelope.transcript).toContain('C: BDAT 5\nC: [5 bytes of data]\nS: 250 2.0.0 5 octets received\nC: BDAT 3 LAST\nC: [3 bytes of data]');
  });

  it('stays within its bound however long the session', async () => {
    t = await startTestServer({ transcriptMaxBytes: 4096 });
    const client = await t.connectEhlo(`h${'x'.repeat(400)}.example`);
    for (let i = 0; i < 20; i++) await client.command(`NOOP ${'n'.repeat(400)}`);
    await client.command('MAIL FROM:<a@example.com>');
    for (let i = 0; i < 200; i++) await client.command(`RCPT TO:<r${i}@example.com>`);
    await client.command('DATA');
    expect(await client.code('Subject: x\r\n\r\ny\r\n.')).toBe(250);
    const transcript = t.sink.messages[0]!.envelope.transcript!;
    expect(Buffer.byteLength(transcript)).toBeLessThanOrEqual(4096);
    expect(transcript).toContain('[... transcript truncated ...]');
    expect(transcript).toContain('C: MAIL FROM:<a@example.com>');
  });

  it('is absent unless enabled', async () => {
    t = await startTestServer();
    const client = await t.connectEhlo();
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'x')).toBe(250);
    expect(t.sink.messages[0]!.envelope).not.toHaveProperty('transcript');
  });
});
