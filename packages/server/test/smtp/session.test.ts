import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawClient } from './raw-client.js';
import { HOSTNAME, sendMessage, startTestServer, type TestServer } from './harness.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ maxMessageSize: 10_000_000 });
});
afterEach(async () => {
  await t.close();
});

describe('session and commands', () => {
  it('greets with 220 <hostname> ESMTP mailsink', async () => {
    const client = await RawClient.connect(t.port);
    expect((await client.expectReply()).text).toBe(`220 ${HOSTNAME} ESMTP mailsink`);
    client.close();
  });

  it('answers EHLO with a multi-line 250 listing the extensions', async () => {
    const client = await t.connect();
    const reply = await client.command('EHLO client.example');
    expect(reply.code).toBe(250);
    expect(reply.lines).toEqual([
      HOSTNAME,
      'PIPELINING',
      '8BITMIME',
      'SMTPUTF8',
      'ENHANCEDSTATUSCODES',
      'SIZE 10000000',
      'CHUNKING',
      'BINARYMIME',
      'DSN',
      'HELP',
    ]);
    expect(reply.text.split('\n').slice(0, -1).every((l) => l.startsWith('250-'))).toBe(true);
  });

  it('advertises a bare SIZE when the size is unlimited', async () => {
    const unlimited = await startTestServer({ maxMessageSize: 0 });
    try {
      const client = await unlimited.connect();
      expect((await client.command('EHLO client.example')).lines).toContain('SIZE');
    } finally {
      await unlimited.close();
    }
  });

  it('answers HELO with 250', async () => {
    const client = await t.connect();
    expect((await client.command('HELO client.example')).text).toBe(`250 ${HOSTNAME}`);
  });

  it.each(['EHLO', 'HELO', 'EHLO   ', 'HELO '])('answers %j without a domain with 501', async (line) => {
    const client = await t.connect();
    expect(await client.code(line)).toBe(501);
    expect(await client.code('EHLO client.example')).toBe(250);
  });

  it('takes verbs in any case', async () => {
    const client = await t.connect();
    expect(await client.code('ehlo client.example')).toBe(250);
    expect(await client.code('mail from:<a@example.com>')).toBe(250);
    expect(await client.code('Rcpt To:<b@example.com>')).toBe(250);
    expect(await client.code('dAtA')).toBe(354);
    client.send('Subject: case\r\n.\r\n');
    expect((await client.expectReply()).code).toBe(250);
    expect(await client.code('nOoP')).toBe(250);
    expect(await client.code('quit')).toBe(221);
  });

  it('answers NOOP with and without an argument with 250', async () => {
    const client = await t.connect();
    expect(await client.code('NOOP')).toBe(250);
    expect(await client.code('NOOP anything at all')).toBe(250);
  });

  it('answers RSET with 250 and clears the transaction', async () => {
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    expect(await client.code('RSET')).toBe(250);
    expect(await client.code('DATA')).toBe(503);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(503);
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
  });

  it('answers VRFY with 252, confirming nothing, and HELP with 214', async () => {
    const client = await t.connectEhlo();
    expect(await client.code('VRFY postmaster')).toBe(252);
    expect(await client.code('VRFY nobody@example.com')).toBe(252);
    expect(await client.code('HELP')).toBe(214);
    expect(await client.code('HELP MAIL')).toBe(214);
  });

  it.each([
    ['RCPT before MAIL', ['EHLO c.example'], 'RCPT TO:<b@example.com>'],
    ['DATA before RCPT', ['EHLO c.example', 'MAIL FROM:<a@example.com>'], 'DATA'],
    ['DATA before MAIL', ['EHLO c.example'], 'DATA'],
    ['MAIL inside a transaction', ['EHLO c.example', 'MAIL FROM:<a@example.com>'], 'MAIL FROM:<a@example.com>'],
    ['MAIL before HELO/EHLO', [], 'MAIL FROM:<a@example.com>'],
    ['RCPT before HELO/EHLO', [], 'RCPT TO:<b@example.com>'],
  ])('answers %s with 503', async (_name, setup, line) => {
    const client = await t.connect();
    for (const cmd of setup) expect(await client.code(cmd)).toBe(250);
    const reply = await client.command(line);
    expect(reply.code).toBe(503);
    expect(reply.text).toMatch(/^503 5\.5\.1 /);
  });

  it('answers an unknown command with 500', async () => {
    const client = await t.connectEhlo();
    expect((await client.command('FROB nicate')).text).toMatch(/^500 5\.5\.1 /);
    expect((await client.command('')).code).toBe(500);
    expect(await client.code('NOOP')).toBe(250);
  });

  it.each(['EXPN staff', 'TURN', 'ETRN example.com', 'STARTTLS', 'AUTH PLAIN AGZvbwBiYXI='])(
    'answers the known but unsupported %j with 502',
    async (line) => {
      const client = await t.connectEhlo();
      expect((await client.command(line)).text).toMatch(/^502 5\.5\.1 /);
    },
  );

  it.each([
    ['MAIL FROM:a@example.com', 'MAIL FROM:<a@example.com>'],
    ['MAIL TO:<a@example.com>', 'MAIL FROM:<a@example.com>'],
    ['MAIL', 'MAIL FROM:<a@example.com>'],
    ['MAIL FROM:<a@example.com>junk', 'MAIL FROM:<a@example.com>'],
    ['MAIL FROM:<a@example.com> SIZE=', 'MAIL FROM:<a@example.com>'],
    ['MAIL FROM:<a@example.com> =1', 'MAIL FROM:<a@example.com>'],
    ['MAIL FROM:<a@example.com> SIZE=1 SIZE=2', 'MAIL FROM:<a@example.com>'],
  ])('answers a syntax error in arguments (%j) with 501', async (line, good) => {
    const client = await t.connectEhlo();
    expect(await client.code(line)).toBe(501);
    expect(await client.code(good)).toBe(250);
  });

  it.each(['RCPT FROM:<b@example.com>', 'RCPT TO:b@example.com', 'RCPT TO:<>'])('answers %j with 501', async (line) => {
    const client = await t.connectEhlo();
    await client.command('MAIL FROM:<a@example.com>');
    expect(await client.code(line)).toBe(501);
  });

  it('answers DATA and RSET with an argument with 501', async () => {
    const client = await t.connectEhlo();
    await client.command('MAIL FROM:<a@example.com>');
    await client.command('RCPT TO:<b@example.com>');
    expect(await client.code('DATA now')).toBe(501);
    expect(await client.code('RSET all')).toBe(501);
    expect(await client.code('DATA')).toBe(354);
  });

  it('resets the transaction on a second EHLO', async () => {
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    expect(await client.code('EHLO again.example')).toBe(250);
    expect(await client.code('DATA')).toBe(503);
    expect(await sendMessage(client, 'c@example.com', ['d@example.com'], 'Subject: after\r\n\r\nx')).toBe(250);
    expect(t.sink.messages).toHaveLength(1);
    expect(t.sink.messages[0]!.envelope).toMatchObject({
      helo: 'again.example',
      mailFrom: { address: 'c@example.com' },
      rcptTo: [{ address: 'd@example.com', params: {} }],
    });
  });

  it('answers QUIT with 221 and closes the connection', async () => {
    const client = await t.connectEhlo();
    expect((await client.command('QUIT')).text).toBe(`221 2.0.0 ${HOSTNAME} Bye`);
    await client.whenClosed();
    expect(client.closed).toBe(true);
  });

  it('sends enhanced status codes with every reply after the greeting except EHLO and 354', async () => {
    const client = await t.connectEhlo();
    const replies = [
      await client.command('NOOP'),
      await client.command('MAIL FROM:<a@example.com>'),
      await client.command('RCPT TO:<b@example.com>'),
      await client.command('MAIL FROM:<a@example.com>'),
      await client.command('RSET'),
      await client.command('VRFY x'),
      await client.command('HELP'),
      await client.command('BOGUS'),
      await client.command('QUIT'),
    ];
    for (const reply of replies) expect(reply.text).toMatch(/^[2-5]\d\d [245]\.\d{1,3}\.\d{1,3} /);
  });

  it('turns several transactions in one session into separate messages', async () => {
    const client = await t.connectEhlo();
    expect(await sendMessage(client, 'a@example.com', ['one@example.com'], 'Subject: 1\r\n\r\nfirst')).toBe(250);
    expect(await sendMessage(client, 'b@example.com', ['two@example.com', 'three@example.com'], 'Subject: 2\r\n\r\nsecond')).toBe(250);
    expect(await sendMessage(client, '', ['four@example.com'], 'Subject: 3\r\n\r\nthird')).toBe(250);
    expect(t.sink.messages.map((m) => t.sink.body(t.sink.messages.indexOf(m)).toString())).toEqual([
      'Subject: 1\r\n\r\nfirst\r\n',
      'Subject: 2\r\n\r\nsecond\r\n',
      'Subject: 3\r\n\r\nthird\r\n',
    ]);
    expect(t.sink.messages.map((m) => m.envelope.rcptTo.map((r) => r.address))).toEqual([
      ['one@example.com'],
      ['two@example.com', 'three@example.com'],
      ['four@example.com'],
    ]);
  });

  it('accepts no MAIL parameters after HELO (555) and names the protocol SMTP', async () => {
    const client = await t.connect();
    expect(await client.code('HELO old.example')).toBe(250);
    expect(await client.code('MAIL FROM:<a@example.com> SIZE=10')).toBe(555);
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'x')).toBe(250);
    expect(t.sink.messages[0]!.envelope).toMatchObject({ greeting: 'HELO', helo: 'old.example', protocol: 'SMTP' });
    const unfolded = t.sink.messages[0]!.raw.toString().replace(/\r\n\t/g, ' ');
    expect(unfolded).toMatch(/^Received: from old\.example \(\[127\.0\.0\.1\]\) by \S+ \(mailsink\) with SMTP for <b@example\.com>; /);
  });

  it('accepts a command line ending in a bare LF', async () => {
    const client = await t.connect();
    client.send('EHLO lf.example\n');
    expect((await client.expectReply()).code).toBe(250);
    client.send('NOOP\n');
    expect((await client.expectReply()).code).toBe(250);
  });
});
