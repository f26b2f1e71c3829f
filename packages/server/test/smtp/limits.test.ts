import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HOSTNAME, sendMessage, startTestServer, type TestServer } from './harness.js';
import { RawClient } from './raw-client.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('command line limits and garbage', () => {
  it('answers a command line over 512 octets with 500 and stays usable', async () => {
    t = await startTestServer();
    const client = await t.connectEhlo();
    expect((await client.command(`NOOP ${'x'.repeat(505)}`)).code).toBe(250); // 510 + CRLF = 512
    expect((await client.command(`NOOP ${'x'.repeat(506)}`)).text).toMatch(/^500 5\.5\.2 /);
    expect(await client.code('NOOP')).toBe(250);
  });

  it('drops an endless line until its CRLF, answers 500 once, then takes the next command', async () => {
    t = await startTestServer();
    const client = await t.connectEhlo();
    for (let i = 0; i < 64; i++) client.send('y'.repeat(16 * 1024)); // 1 MiB without a line end
    client.send('\r\nMAIL FROM:<a@example.com>\r\n');
    const replies = await client.readMany(2);
    expect(replies.map((r) => r.code)).toEqual([500, 250]);
    expect(replies[0]!.text).toMatch(/^500 5\.5\.2 /);
  });

  it('allows MAIL and RCPT lines up to 2,560 octets for their parameters, and no longer', async () => {
    t = await startTestServer();
    const client = await t.connectEhlo();
    const envid = 'e'.repeat(100);
    const orcpt = `rfc822;${'o'.repeat(490)}`;
    expect(await client.code(`MAIL FROM:<${'a'.repeat(64)}@example.com> SIZE=100 ENVID=${envid} RET=FULL`)).toBe(250);
    expect(await client.code(`RCPT TO:<b@example.com> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=${orcpt}`)).toBe(250);
    const longest = `RCPT TO:<${'c'.repeat(2560 - 2 - 'RCPT TO:<@example.com>'.length)}@example.com>`;
    expect(longest.length).toBe(2558);
    expect(await client.code(longest)).toBe(250);
    expect((await client.command(`RCPT TO:<${'c'.repeat(2600)}@example.com>`)).text).toMatch(/^500 5\.5\.2 /);
    expect(await client.code('RCPT TO:<d@example.com>')).toBe(250);
  });

  it.each([
    ['binary bytes', Buffer.from([0x00, 0xff, 0xfe, 0x01, 0x80, 0x13, 0x37, 0x0d, 0x0a])],
    ['invalid UTF-8', Buffer.from([0x4e, 0x4f, 0x4f, 0x50, 0x20, 0xc3, 0x28, 0x0d, 0x0a])],
    ['a NUL inside a command', Buffer.from('NOOP\0\r\n', 'latin1')],
    ['a TLS ClientHello', Buffer.from('16030100a5010000a103030001020304050607080d0a', 'hex')],
    ['an HTTP request line', Buffer.from('GET / HTTP/1.1\r\n')],
  ])('answers %s with 500 and stays usable', async (_name, bytes) => {
    t = await startTestServer();
    const client = await t.connectEhlo();
    client.send(bytes);
    expect((await client.expectReply()).code).toBe(500);
    expect(await client.code('NOOP')).toBe(250);
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'x')).toBe(250);
  });
});

describe('timeouts', () => {
  it('closes an idle connection with 421 4.4.2', async () => {
    t = await startTestServer({ idleTimeoutMs: 150 });
    const client = await t.connectEhlo();
    const reply = await client.expectReply();
    expect(reply.text).toBe(`421 4.4.2 ${HOSTNAME} Error: timeout exceeded`);
    await client.whenClosed();
    await expect.poll(() => t!.server.connectionCount).toBe(0);
  });

  it('closes a connection stuck inside DATA with 421 after the data timeout, storing nothing', async () => {
    t = await startTestServer({ idleTimeoutMs: 60_000, dataTimeoutMs: 150 });
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    expect(await client.code('DATA')).toBe(354);
    client.send('Subject: stuck\r\n\r\nand then nothing');
    expect((await client.expectReply()).text).toMatch(/^421 4\.4\.2 /);
    await client.whenClosed();
    expect(t.sink.calls).toBe(0);
  });

  it('does not time out a session while the sink is storing its message', async () => {
    t = await startTestServer({ idleTimeoutMs: 100, dataTimeoutMs: 100 });
    const client = await t.connectEhlo();
    const release = t.sink.hold();
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    expect(await client.code('DATA')).toBe(354);
    client.send('x\r\n.\r\n');
    await t.sink.called(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    expect((await client.expectReply()).code).toBe(250);
  });
});

describe('connection limit', () => {
  it('answers connections over maxConnections with 421 4.7.0 and closes them', async () => {
    t = await startTestServer({ maxConnections: 2 });
    const a = await t.connect();
    const b = await t.connect();
    expect(t.server.connectionCount).toBe(2);
    const c = await RawClient.connect(t.port);
    expect((await c.expectReply()).text).toMatch(/^421 4\.7\.0 mx\.mailsink\.test /);
    await c.whenClosed();
    expect(t.events).toEqual([expect.objectContaining({ Level: 'warn', Type: 'connections', IP: '127.0.0.1' })]);
    expect(await a.code('NOOP')).toBe(250);
    expect(await b.code('QUIT')).toBe(221);
    await b.whenClosed();
    await expect.poll(() => t!.server.connectionCount).toBe(1);
    const d = await t.connect();
    expect(await d.code('NOOP')).toBe(250);
  });
});

describe('close()', () => {
  it('lets a message inside DATA finish (250), tells idle sessions 421 at once, then closes everything', async () => {
    t = await startTestServer();
    const idle = await t.connectEhlo('idle.example');
    const busy = await t.connectEhlo('busy.example');
    expect(await busy.code('MAIL FROM:<a@example.com>')).toBe(250);
    expect(await busy.code('RCPT TO:<b@example.com>')).toBe(250);
    expect(await busy.code('DATA')).toBe(354);
    busy.send('Subject: in flight\r\n\r\nfirst half\r\n');

    const closed = t.server.close(10_000);
    expect((await idle.expectReply()).text).toBe(`421 4.3.2 ${HOSTNAME} Service shutting down`);
    await idle.whenClosed();

    busy.send('second half\r\n.\r\nNOOP\r\n');
    expect((await busy.expectReply()).text).toBe('250 2.0.0 Ok: queued as msg1');
    expect((await busy.expectReply()).text).toBe(`421 4.3.2 ${HOSTNAME} Service shutting down`);
    await busy.whenClosed();
    await closed;
    expect(t.sink.body(0).toString()).toBe('Subject: in flight\r\n\r\nfirst half\r\nsecond half\r\n');
    await expect(RawClient.connect(t.port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('lets a chunked message between BDAT chunks finish', async () => {
    t = await startTestServer();
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    client.send('BDAT 3\r\nabc');
    expect((await client.expectReply()).code).toBe(250);
    const closed = t.server.close(10_000);
    client.send('BDAT 3 LAST\r\ndef');
    expect((await client.expectReply()).code).toBe(250);
    expect((await client.expectReply()).code).toBe(421);
    await closed;
    expect(t.sink.body(0).toString()).toBe('abcdef');
  });

  it('waits for a message the sink is storing, then closes', async () => {
    t = await startTestServer();
    const client = await t.connectEhlo();
    const release = t.sink.hold();
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    expect(await client.code('DATA')).toBe(354);
    client.send('x\r\n.\r\n');
    await t.sink.called(1);
    const closed = t.server.close(10_000);
    release();
    expect((await client.expectReply()).code).toBe(250);
    expect((await client.expectReply()).code).toBe(421);
    await closed;
  });

  it('closes a session that does not finish its message within the grace period, storing nothing', async () => {
    t = await startTestServer();
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    expect(await client.code('DATA')).toBe(354);
    client.send('Subject: never finished\r\n');
    await t.server.close(100);
    expect((await client.expectReply()).code).toBe(421);
    await client.whenClosed();
    expect(t.sink.calls).toBe(0);
  });

  it('resolves at once when no session is open, and a second close() waits for the same end', async () => {
    t = await startTestServer();
    const first = t.server.close();
    const second = t.server.close();
    await Promise.all([first, second]);
    await expect(RawClient.connect(t.port)).rejects.toThrow();
  });
});

describe('socket errors', () => {
  it('survives clients that reset the connection at any point', async () => {
    t = await startTestServer();
    for (const stage of ['greeting', 'command', 'data', 'bdat']) {
      const client = await t.connectEhlo();
      if (stage !== 'greeting') client.send('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n');
      if (stage === 'data') client.send('DATA\r\nSubject: x\r\n\r\npartial');
      if (stage === 'bdat') client.send('BDAT 100\r\npartial');
      if (stage !== 'greeting') await client.readMany(2);
      client.socket.resetAndDestroy();
      await client.whenClosed();
    }
    await expect.poll(() => t!.server.connectionCount).toBe(0);
    const client = await t.connectEhlo();
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'x')).toBe(250);
    expect(t.sink.messages).toHaveLength(1);
  });

  it('keeps working when a raw socket sends a half-line and disappears', async () => {
    t = await startTestServer();
    const socket = net.connect(t.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('data', resolve));
    socket.end('MAIL FROM:<a@exa');
    await new Promise((resolve) => socket.once('close', resolve));
    const client = await t.connectEhlo();
    expect(await client.code('NOOP')).toBe(250);
  });
});

describe('hostile input', () => {
  it('survives seeded random mixes of commands, dots, CR/LF, BDAT and garbage without crashing', async () => {
    t = await startTestServer({ maxMessageSize: 5000, maxRecipients: 3 });
    let seed = 0x5eed;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const fragments = [
      'EHLO x\r\n', 'HELO y\r\n', 'MAIL FROM:<a@example.com>\r\n', 'MAIL FROM:<> BODY=BINARYMIME SMTPUTF8\r\n',
      'RCPT TO:<b@example.com>\r\n', 'RCPT TO:<"q"@[IPv6:::1]> NOTIFY=NEVER\r\n', 'DATA\r\n', 'BDAT 5\r\n', 'BDAT 0 LAST\r\n',
      'BDAT 3 LAST\r\n', 'RSET\r\n', 'NOOP\r\n', '.\r\n', '\r\n.\r\n', '\n.\n', '\r', '\n', '..', 'VRFY\r\n', 'x'.repeat(600),
      '\r\n', 'MAIL FROM:<\u00e9@x>\r\n', 'RCPT TO:<@a:b@c>\r\n', 'HELP\r\n',
    ];
    for (let session = 0; session < 40; session++) {
      const client = await t.connect();
      const parts: Buffer[] = [];
      for (let i = 0; i < 60; i++) {
        if (random(4) === 0) parts.push(Buffer.from(Array.from({ length: random(40) }, () => random(256))));
        else parts.push(Buffer.from(fragments[random(fragments.length)]!, 'utf8'));
      }
      const all = Buffer.concat(parts);
      for (let at = 0; at < all.length; ) {
        const size = 1 + random(300);
        client.send(all.subarray(at, at + size));
        at += size;
      }
      client.send('\r\n.\r\nRSET\r\nQUIT\r\n');
      // Drain replies until the server closes or has answered QUIT (whatever state the garbage left
      // the session in, the trailer ends any DATA and outlasts any BDAT chunk the fragments open).
      for (;;) {
        const reply = await client.read();
        if (!reply || reply.code === 221) break;
        expect(reply.code).toBeGreaterThanOrEqual(200);
      }
      client.close();
    }
    const client = await t.connectEhlo();
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'Subject: after the storm\r\n\r\nfine')).toBe(250);
    expect(t.sink.messages.at(-1)!.raw.toString()).toContain('after the storm');
  });
});
