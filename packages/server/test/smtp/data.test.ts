import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOSTNAME, receivedHeaderLength, sendMessage, startTestServer, type TestServer } from './harness.js';
import { RawClient } from './raw-client.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ maxMessageSize: 100_000 });
});
afterEach(async () => {
  await t.close();
});

/** Opens a transaction and DATA; the caller sends the message bytes. */
async function openData(client: RawClient, rcpts = ['b@example.com']): Promise<void> {
  expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
  for (const rcpt of rcpts) expect(await client.code(`RCPT TO:<${rcpt}>`)).toBe(250);
  expect(await client.code('DATA')).toBe(354);
}

describe('DATA', () => {
  it('answers DATA with 354 and ends the message only at <CRLF>.<CRLF>', async () => {
    const client = await t.connectEhlo();
    await openData(client);
    client.send('Subject: hi\r\n\r\nline one\r\n');
    client.send('.\r\n');
    expect((await client.expectReply()).text).toBe('250 2.0.0 Ok: queued as msg1');
    expect(t.sink.body(0).toString()).toBe('Subject: hi\r\n\r\nline one\r\n');
  });

  it('undoes dot-stuffing only for a dot that starts a line', async () => {
    const client = await t.connectEhlo();
    await openData(client);
    client.send('..first line\r\nmiddle .. dots\r\n...three\r\n..\r\nend.\r\n.\r\n');
    expect((await client.expectReply()).code).toBe(250);
    expect(t.sink.body(0).toString()).toBe('.first line\r\nmiddle .. dots\r\n..three\r\n.\r\nend.\r\n');
  });

  it('stores an empty message when the data is just the final dot', async () => {
    const client = await t.connectEhlo();
    await openData(client);
    client.send('.\r\n');
    expect((await client.expectReply()).code).toBe(250);
    expect(t.sink.body(0).length).toBe(0);
  });

  // Each variant of a bare CR or LF around the dot, followed by a "smuggled" second transaction.
  // The message must go on until the real <CRLF>.<CRLF>; the smuggled commands are message text.
  it.each([
    ['\\n.\\n', 'body\n.\n', 'body\n.\n'],
    ['\\r.\\r', 'body\r.\r', 'body\r.\r'],
    ['\\n.\\r\\n', 'body\n.\r\n', 'body\n.\r\n'],
    ['\\r\\n.\\n', 'body\r\n.\n', 'body\r\n\n'],
    ['\\r\\n.\\r', 'body\r\n.\r', 'body\r\n\r'],
    ['\\r.\\r\\n', 'body\r.\r\n', 'body\r.\r\n'],
    ['\\n.\\r', 'body\n.\r', 'body\n.\r'],
    ['\\r\\n.\\r\\r\\n', 'body\r\n.\r\r\n', 'body\r\n\r\r\n'],
  ])('does not end the message at %s (SMTP smuggling)', async (_name, sent, stored) => {
    const client = await t.connectEhlo();
    await openData(client);
    const smuggled = 'MAIL FROM:<evil@example.com>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\nSubject: smuggled\r\n\r\nevil\r\n';
    client.send(`Subject: real\r\n\r\n${sent}${smuggled}.\r\nNOOP\r\n`);
    const replies = await client.readMany(2);
    expect(replies.map((r) => r.code)).toEqual([250, 250]);
    expect(replies[0]!.text).toMatch(/queued as msg1$/);
    expect(t.sink.messages).toHaveLength(1);
    expect(t.sink.body(0).toString('latin1')).toBe(`Subject: real\r\n\r\n${stored}${smuggled}`);
    expect(t.sink.messages[0]!.envelope.rcptTo.map((r) => r.address)).toEqual(['b@example.com']);
  });

  it('stores bare CR and bare LF elsewhere in the data verbatim', async () => {
    const client = await t.connectEhlo();
    await openData(client);
    const body = 'A: 1\nB: 2\r\rC\n\r\nmixed\r\n\nline\rend\n\n';
    client.send(`${body}\r\n.\r\n`);
    expect((await client.expectReply()).code).toBe(250);
    expect(t.sink.body(0).toString('latin1')).toBe(`${body}\r\n`);
  });

  it('stores lines of 998 octets plus CRLF intact, and longer lines verbatim', async () => {
    const client = await t.connectEhlo();
    await openData(client);
    const line998 = 'x'.repeat(997) + 'y';
    const line5000 = 'z'.repeat(5000);
    const dotted = `.${'d'.repeat(997)}`;
    client.send(`Subject: long\r\n\r\n${line998}\r\n${line5000}\r\n.${dotted}\r\n.\r\n`);
    expect((await client.expectReply()).code).toBe(250);
    expect(t.sink.body(0).toString()).toBe(`Subject: long\r\n\r\n${line998}\r\n${line5000}\r\n${dotted}\r\n`);
  });

  it('stores 8-bit bytes byte for byte', async () => {
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<a@example.com> BODY=8BITMIME')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    expect(await client.code('DATA')).toBe(354);
    const bytes = Buffer.alloc(256 - 0x80 + 3);
    for (let i = 0; i < 128; i++) bytes[i] = 0x80 + i;
    bytes.write('\0\t\x7f', 128, 'latin1');
    const body = Buffer.concat([Buffer.from('Content-Type: text/plain; charset=utf-8\r\n\r\nGrüße ½ € 日本語\r\n'), bytes]);
    client.send(Buffer.concat([body, Buffer.from('\r\n.\r\n')]));
    expect((await client.expectReply()).code).toBe(250);
    expect(t.sink.body(0)).toEqual(Buffer.concat([body, Buffer.from('\r\n')]));
  });

  it('keeps reading a message that grows past the maximum size, then answers 552 and stores nothing', async () => {
    const client = await t.connectEhlo();
    await openData(client);
    const chunk = `${'a'.repeat(998)}\r\n`;
    for (let i = 0; i < 150; i++) client.send(chunk); // 150,000 bytes > 100,000
    client.send('.\r\n');
    expect((await client.expectReply()).text).toMatch(/^552 5\.3\.4 /);
    expect(t.sink.calls).toBe(0);
    expect(t.events).toEqual([expect.objectContaining({ Type: 'size', IP: '127.0.0.1' })]);
    // The session is in sync and usable.
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'Subject: small\r\n\r\nok')).toBe(250);
    expect(t.sink.messages).toHaveLength(1);
  });

  it('stores a message of exactly the maximum size', async () => {
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<a@example.com> SIZE=100000')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    expect(await client.code('DATA')).toBe(354);
    const body = `${'b'.repeat(100_000 - 2)}\r\n`;
    client.send(`${body}.\r\n`);
    expect((await client.expectReply()).code).toBe(250);
    expect(t.sink.body(0).length).toBe(100_000);
  });

  it('answers MAIL with a declared SIZE over the maximum with 552', async () => {
    const client = await t.connectEhlo();
    expect((await client.command('MAIL FROM:<a@example.com> SIZE=100001')).text).toMatch(/^552 5\.3\.4 /);
    expect(await client.code('MAIL FROM:<a@example.com> SIZE=99999999999999999999')).toBe(552);
    expect(await client.code('MAIL FROM:<a@example.com> SIZE=100000')).toBe(250);
  });

  it('refuses DATA after BODY=BINARYMIME with 503 (BINARYMIME needs BDAT)', async () => {
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<a@example.com> BODY=BINARYMIME')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    expect((await client.command('DATA')).text).toMatch(/^503 5\.5\.1 /);
  });
});

describe('the stored message', () => {
  it('starts with a Received header naming HELO, client address, host, protocol, recipient and time', async () => {
    const client = await t.connectEhlo('client.example');
    const before = Date.now();
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'Subject: trace\r\n\r\nx')).toBe(250);
    const raw = t.sink.messages[0]!.raw.toString();
    const header = raw.slice(0, receivedHeaderLength(t.sink.messages[0]!.raw));
    expect(raw.slice(header.length)).toBe('Subject: trace\r\n\r\nx\r\n');
    expect(header).toMatch(/^Received: from client\.example \(\[127\.0\.0\.1\]\)[ \r\n\t]+by mx\.mailsink\.test \(mailsink\)/);
    const unfolded = header.replace(/\r\n[\t ]/g, ' ');
    expect(unfolded).toMatch(
      /^Received: from client\.example \(\[127\.0\.0\.1\]\) by mx\.mailsink\.test \(mailsink\) with ESMTP for <b@example\.com>; (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000\r\n$/,
    );
    const date = Date.parse(unfolded.slice(unfolded.indexOf(';') + 2).replace('+0000', 'GMT'));
    expect(date).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    for (const line of header.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('names no recipient in the Received header when there are several', async () => {
    const client = await t.connectEhlo();
    expect(await sendMessage(client, 'a@example.com', ['b@example.com', 'c@example.com'], 'x')).toBe(250);
    const raw = t.sink.messages[0]!.raw.toString();
    expect(raw.slice(0, receivedHeaderLength(t.sink.messages[0]!.raw))).not.toContain(' for ');
  });

  it('keeps a hostile HELO from injecting into or breaking the header', async () => {
    const client = await t.connect();
    // A CR inside the line is refused outright.
    expect(await client.code('EHLO evil.example\rBcc: victim@example.com')).toBe(500);
    const hostile = 'evil (x) \\ "y" <z>; Bcc: victim@example.com ' + 'w'.repeat(300);
    expect(await client.code(`EHLO ${hostile}`)).toBe(250);
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'Subject: s\r\n\r\nx')).toBe(250);
    const raw = t.sink.messages[0]!.raw;
    const headerLength = receivedHeaderLength(raw);
    const header = raw.subarray(0, headerLength).toString();
    expect(raw.subarray(headerLength).toString()).toBe('Subject: s\r\n\r\nx\r\n');
    expect(header.replace(/\r\n\t/g, ' ')).toMatch(
      /^Received: from \[127\.0\.0\.1\] \(helo=evil \?x\? \? "y" <z>; Bcc: victim@example\.com w+\) by mx\.mailsink\.test /,
    );
    // Every continuation line is folded whitespace; the header ends where it should.
    const lines = header.split('\r\n').slice(1, -1);
    for (const line of lines) expect(line.startsWith('\t')).toBe(true);
    expect(t.sink.messages[0]!.envelope.helo).toBe(hostile);
  });

  it('names the protocol UTF8SMTP when the transaction used SMTPUTF8', async () => {
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<élise@exemple.fr> SMTPUTF8')).toBe(250);
    expect(await client.code('RCPT TO:<用户@例子.广告>')).toBe(250);
    expect(await client.code('DATA')).toBe(354);
    client.send('Subject: ü\r\n\r\nx\r\n.\r\n');
    expect((await client.expectReply()).code).toBe(250);
    const unfolded = t.sink.messages[0]!.raw.toString('utf8').replace(/\r\n\t/g, ' ');
    expect(unfolded).toMatch(/ with UTF8SMTP for <用户@例子\.广告>; /);
    // The next transaction without SMTPUTF8 is plain ESMTP again.
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'x')).toBe(250);
    expect(t.sink.messages[1]!.envelope.protocol).toBe('ESMTP');
  });

  it('keeps the envelope with the message', async () => {
    const client = await t.connectEhlo('client.example');
    expect(await client.code('MAIL FROM:<a@example.com> BODY=8BITMIME')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com> NOTIFY=NEVER')).toBe(250);
    expect(await client.code('RCPT TO:<bcc@example.com>')).toBe(250);
    expect(await client.code('DATA')).toBe(354);
    const before = new Date().toISOString();
    client.send('Subject: env\r\n\r\nx\r\n.\r\n');
    expect((await client.expectReply()).code).toBe(250);
    expect(await sendMessage(client, 'c@example.com', ['d@example.com'], 'y')).toBe(250);
    const other = await t.connectEhlo();
    expect(await sendMessage(other, 'e@example.com', ['f@example.com'], 'z')).toBe(250);

    const [first, second, third] = t.sink.messages.map((m) => m.envelope);
    expect(first).toEqual({
      mailFrom: { address: 'a@example.com', params: { BODY: '8BITMIME' } },
      rcptTo: [
        { address: 'b@example.com', params: { NOTIFY: 'NEVER' } },
        { address: 'bcc@example.com', params: {} },
      ],
      helo: 'client.example',
      greeting: 'EHLO',
      client: { address: '127.0.0.1', port: client.socket.localPort },
      server: { address: '127.0.0.1', port: t.port, hostname: HOSTNAME },
      protocol: 'ESMTP',
      tls: null,
      auth: null,
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      sessionId: expect.stringMatching(/^[\w-]{4,}$/),
    });
    expect(first!.receivedAt >= before).toBe(true);
    expect(second!.sessionId).toBe(first!.sessionId);
    expect(third!.sessionId).not.toBe(first!.sessionId);
  });
});

describe('PIPELINING', () => {
  it('answers many commands sent in one write in order, across several messages', async () => {
    const client = await t.connect();
    client.send(
      'EHLO pipe.example\r\n' +
        'MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<bad address>\r\nRCPT TO:<c@example.com>\r\nDATA\r\n' +
        'Subject: one\r\n\r\n1\r\n.\r\n' +
        'NOOP\r\nMAIL FROM:<d@example.com>\r\nRCPT TO:<e@example.com>\r\nDATA\r\n' +
        'Subject: two\r\n\r\n2\r\n.\r\n' +
        'RSET\r\nMAIL FROM:<f@example.com>\r\nDATA\r\nRCPT TO:<g@example.com>\r\nDATA\r\n' +
        'Subject: three\r\n\r\n3\r\n.\r\n' +
        'QUIT\r\n',
    );
    const replies = await client.readMany(17);
    expect(replies.map((r) => r.code)).toEqual([250, 250, 250, 501, 250, 354, 250, 250, 250, 250, 354, 250, 250, 250, 503, 250, 354]);
    const rest = await client.readMany(2);
    expect(rest.map((r) => r.code)).toEqual([250, 221]);
    expect([replies[6]!.text, replies[11]!.text, rest[0]!.text]).toEqual([
      '250 2.0.0 Ok: queued as msg1',
      '250 2.0.0 Ok: queued as msg2',
      '250 2.0.0 Ok: queued as msg3',
    ]);
    expect(t.sink.messages.map((m) => t.sink.body(t.sink.messages.indexOf(m)).toString())).toEqual([
      'Subject: one\r\n\r\n1\r\n',
      'Subject: two\r\n\r\n2\r\n',
      'Subject: three\r\n\r\n3\r\n',
    ]);
    await client.whenClosed();
  });

  it('holds pipelined commands while the sink stores a message and answers them in order afterwards', async () => {
    const client = await t.connectEhlo();
    const release = t.sink.hold();
    await openData(client);
    client.send('Subject: slow\r\n\r\nx\r\n.\r\nNOOP\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n');
    await t.sink.called(1);
    // Give the pipelined commands time to arrive while the store is still busy.
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const replies = await client.readMany(5);
    expect(replies.map((r) => r.text.slice(0, 3))).toEqual(['250', '250', '250', '250', '354']);
    expect(replies[0]!.text).toBe('250 2.0.0 Ok: queued as msg1');
    client.send('Subject: second\r\n\r\ny\r\n.\r\n');
    expect((await client.expectReply()).text).toBe('250 2.0.0 Ok: queued as msg2');
  });
});

describe('when the sink fails', () => {
  it.each(['reject', 'throw'] as const)('answers 451 when the sink %ss, and the session stays usable', async (how) => {
    const client = await t.connectEhlo();
    t.sink.fail = how;
    await openData(client);
    client.send('Subject: lost\r\n\r\nx\r\n.\r\n');
    expect((await client.expectReply()).text).toMatch(/^451 4\.3\.0 /);
    expect(t.events).toEqual([expect.objectContaining({ Level: 'error', Type: 'storage' })]);
    t.sink.fail = false;
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'Subject: retried\r\n\r\nx')).toBe(250);
    expect(t.sink.messages).toHaveLength(1);
    expect(t.sink.body(0).toString()).toBe('Subject: retried\r\n\r\nx\r\n');
  });
});

describe('a client that disconnects', () => {
  it('loses only the unacknowledged message when it drops mid-DATA', async () => {
    const client = await t.connectEhlo();
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'Subject: kept\r\n\r\nx')).toBe(250);
    await openData(client);
    client.send('Subject: half\r\n\r\nhalf a mess');
    client.socket.end();
    await client.whenClosed();
    const next = await t.connectEhlo();
    expect(await next.code('NOOP')).toBe(250);
    expect(t.sink.calls).toBe(1);
    expect(t.sink.messages.map((m) => m.id)).toEqual(['msg1']);
  });

  it('still gets its replies after shutting down its sending side', async () => {
    const client = await t.connect();
    client.send('EHLO half.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n');
    expect((await client.readMany(4)).map((r) => r.code)).toEqual([250, 250, 250, 354]);
    client.socket.end('Subject: eof\r\n\r\nx\r\n.\r\nQUIT\r\n');
    expect((await client.readMany(2)).map((r) => r.code)).toEqual([250, 221]);
    await client.whenClosed();
    expect(t.sink.messages).toHaveLength(1);
  });
});
