import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';
import type { RawClient } from './raw-client.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ maxMessageSize: 10_000 });
});
afterEach(async () => {
  await t.close();
});

async function openTransaction(client: RawClient, mail = 'MAIL FROM:<a@example.com>'): Promise<void> {
  expect(await client.code(mail)).toBe(250);
  expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
}

/** `BDAT <n>[ LAST]` followed by the chunk's bytes. */
function bdat(data: string | Buffer, last = false): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  return Buffer.concat([Buffer.from(`BDAT ${bytes.length}${last ? ' LAST' : ''}\r\n`), bytes]);
}

describe('CHUNKING (BDAT)', () => {
  it('stores chunks verbatim: no dot-unstuffing and no end at <CRLF>.<CRLF>', async () => {
    const client = await t.connectEhlo();
    await openTransaction(client);
    const first = 'Subject: chunked\r\n\r\n..stuffed\r\n.\r\n';
    const second = 'MAIL FROM:<evil@example.com>\r\n.\r\n';
    client.send(bdat(first));
    expect((await client.expectReply()).text).toBe(`250 2.0.0 ${first.length} octets received`);
    client.send(bdat(second, true));
    expect((await client.expectReply()).text).toBe('250 2.0.0 Ok: queued as msg1');
    expect(t.sink.body(0).toString('latin1')).toBe(first + second);
  });

  it('takes BDAT chunks mixed with other commands in one pipelined write', async () => {
    const client = await t.connect();
    client.send(
      Buffer.concat([
        Buffer.from('EHLO chunky.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n'),
        bdat('Subject: one\r\n'),
        bdat('\r\nbody one\r\n', true),
        Buffer.from('NOOP\r\nMAIL FROM:<c@example.com>\r\nRCPT TO:<d@example.com>\r\n'),
        bdat('Subject: two\r\n\r\nbody two\r\n', true),
        Buffer.from('MAIL FROM:<e@example.com>\r\nRCPT TO:<f@example.com>\r\nDATA\r\nSubject: three\r\n\r\n..body three\r\n.\r\nQUIT\r\n'),
      ]),
    );
    const replies = await client.readMany(14);
    expect(replies.map((r) => r.code)).toEqual([250, 250, 250, 250, 250, 250, 250, 250, 250, 250, 250, 354, 250, 221]);
    expect([replies[4]!.text, replies[8]!.text, replies[12]!.text]).toEqual([
      '250 2.0.0 Ok: queued as msg1',
      '250 2.0.0 Ok: queued as msg2',
      '250 2.0.0 Ok: queued as msg3',
    ]);
    expect([0, 1, 2].map((i) => t.sink.body(i).toString())).toEqual([
      'Subject: one\r\n\r\nbody one\r\n',
      'Subject: two\r\n\r\nbody two\r\n',
      'Subject: three\r\n\r\n.body three\r\n',
    ]);
  });

  it('takes BODY=BINARYMIME with BDAT and stores every byte value', async () => {
    const client = await t.connectEhlo();
    await openTransaction(client, 'MAIL FROM:<a@example.com> BODY=BINARYMIME');
    const binary = Buffer.alloc(256);
    for (let i = 0; i < 256; i++) binary[i] = i;
    const message = Buffer.concat([Buffer.from('Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n'), binary, binary]);
    client.send(bdat(message.subarray(0, 300)));
    expect((await client.expectReply()).code).toBe(250);
    client.send(bdat(message.subarray(300), true));
    expect((await client.expectReply()).code).toBe(250);
    expect(t.sink.body(0)).toEqual(message);
    expect(t.sink.messages[0]!.envelope.mailFrom.params).toEqual({ BODY: 'BINARYMIME' });
  });

  it('takes BDAT 0 LAST: an empty message, or the end of a chunked one', async () => {
    const client = await t.connectEhlo();
    await openTransaction(client);
    expect((await client.command('BDAT 0 LAST')).code).toBe(250);
    expect(t.sink.body(0).length).toBe(0);
    await openTransaction(client);
    client.send(bdat('Subject: x\r\n\r\ny'));
    expect((await client.expectReply()).code).toBe(250);
    expect((await client.command('bdat 0 last')).code).toBe(250);
    expect(t.sink.body(1).toString()).toBe('Subject: x\r\n\r\ny');
  });

  it('answers BDAT without a transaction with 503 and still consumes its bytes', async () => {
    const client = await t.connectEhlo();
    client.send(bdat('QUIT\r\n'));
    expect((await client.expectReply()).text).toMatch(/^503 5\.5\.1 /);
    expect(await client.code('NOOP')).toBe(250);
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    client.send(bdat('RSET\r\n', true)); // no RCPT yet: refused, and the bytes are not a command
    expect((await client.expectReply()).code).toBe(503);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    expect((await client.command('BDAT 0 LAST')).code).toBe(250);
    expect(t.sink.messages).toHaveLength(1);
  });

  it('does not mix BDAT and DATA in one transaction', async () => {
    const client = await t.connectEhlo();
    await openTransaction(client);
    client.send(bdat('Subject: part\r\n'));
    expect((await client.expectReply()).code).toBe(250);
    expect((await client.command('DATA')).text).toMatch(/^503 5\.5\.1 /);
    client.send(bdat('\r\nrest\r\n', true));
    expect((await client.expectReply()).code).toBe(250);
    expect(t.sink.body(0).toString()).toBe('Subject: part\r\n\r\nrest\r\n');
  });

  it.each(['BDAT', 'BDAT x', 'BDAT -1', 'BDAT 10 FIRST', 'BDAT 1.5'])('answers %j with 501 and consumes nothing', async (line) => {
    const client = await t.connectEhlo();
    await openTransaction(client);
    expect(await client.code(line)).toBe(501);
    expect(await client.code('NOOP')).toBe(250);
  });

  it('reads a chunked message that grows past the maximum to its end, answers 552 and stores nothing', async () => {
    const client = await t.connectEhlo();
    await openTransaction(client);
    client.send(bdat('x'.repeat(6000)));
    expect((await client.expectReply()).code).toBe(250);
    client.send(bdat('y'.repeat(6000))); // 12,000 > 10,000
    expect((await client.expectReply()).text).toMatch(/^552 5\.3\.4 /);
    client.send(bdat('z'.repeat(100), true));
    expect((await client.expectReply()).text).toMatch(/^552 5\.3\.4 /);
    expect(t.sink.calls).toBe(0);
    expect(t.events.filter((e) => e.Type === 'size')).toHaveLength(1);
    // In sync, and the transaction is over.
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(503);
    await openTransaction(client);
    expect((await client.command('BDAT 0 LAST')).code).toBe(250);
    expect(t.sink.messages).toHaveLength(1);
  });

  it('answers 451 to BDAT LAST when the sink fails, and the session stays usable', async () => {
    const client = await t.connectEhlo();
    t.sink.fail = 'reject';
    await openTransaction(client);
    client.send(bdat('Subject: lost\r\n', true));
    expect((await client.expectReply()).code).toBe(451);
    t.sink.fail = false;
    await openTransaction(client);
    client.send(bdat('Subject: kept\r\n', true));
    expect((await client.expectReply()).code).toBe(250);
    expect(t.sink.body(0).toString()).toBe('Subject: kept\r\n');
  });
});
