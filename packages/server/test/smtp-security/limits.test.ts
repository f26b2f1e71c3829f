import { afterEach, describe, expect, it } from 'vitest';
import { sendMessage, startTestServer, type TestServer } from '../smtp/harness.js';
import { RawClient } from '../smtp/raw-client.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('connection limits', () => {
  it('refuses a client past its connections per minute with 421 4.7.0 and reports it', async () => {
    t = await startTestServer({ maxConnectionsPerMinute: 3 });
    for (let i = 0; i < 3; i++) (await t.connect()).close();
    const refused = await RawClient.connect(t.port);
    expect((await refused.expectReply()).text).toMatch(/^421 4\.7\.0 .*too many connections from your address/);
    await refused.whenClosed();
    expect(t.events).toContainEqual(expect.objectContaining({ Level: 'warn', Type: 'connections', IP: '127.0.0.1' }));
  });

  it('keeps serving with 2,000 idle connections open: those past --max-connections get 421', async () => {
    const max = 1000;
    t = await startTestServer({ maxConnections: max });
    const open: RawClient[] = [];
    const refused: Promise<number>[] = [];
    for (let i = 0; i < 2000; i++) {
      const client = await RawClient.connect(t.port);
      open.push(client);
      refused.push(client.expectReply().then((r) => r.code));
    }
    const codes = await Promise.all(refused);
    expect(codes.filter((c) => c === 220)).toHaveLength(max);
    expect(codes.filter((c) => c === 421)).toHaveLength(1000);
    expect(t.server.connectionCount).toBe(max);
    // The idle ones still answer, and a freed slot serves a new client at once.
    const first = open[0]!;
    expect(await first.code('EHLO client.example')).toBe(250);
    open[1]!.close();
    await open[1]!.whenClosed();
    while (t.server.connectionCount >= max) await new Promise((r) => setImmediate(r));
    const late = await t.connectEhlo();
    expect(await sendMessage(late, 'a@example.com', ['b@example.com'], 'Subject: x\r\n\r\ny')).toBe(250);
    for (const client of open) client.close();
  });
});

describe('header bounds', () => {
  it('refuses a message with 10,000 header lines with 552 5.3.4 after the data, storing nothing', async () => {
    t = await startTestServer();
    const client = await t.connectEhlo();
    const headers = Array.from({ length: 10_000 }, (_, i) => `X-H${i}: v`).join('\r\n');
    const code = await sendMessage(client, 'a@example.com', ['b@example.com'], `${headers}\r\n\r\nbody`);
    expect(code).toBe(552);
    expect(t.sink.calls).toBe(0);
    expect(t.events).toContainEqual(expect.objectContaining({ Type: 'headers' }));
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'Subject: ok\r\n\r\nbody')).toBe(250);
  });

  it('takes exactly the limit of header lines, with the rest of a long body after them', async () => {
    t = await startTestServer({ maxHeaderLines: 100 });
    const client = await t.connectEhlo();
    const headers = (n: number) => Array.from({ length: n }, (_, i) => `X-H${i}: v`).join('\r\n');
    const body = 'line\r\n'.repeat(5000);
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], `${headers(100)}\r\n\r\n${body}`)).toBe(250);
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], `${headers(101)}\r\n\r\n${body}`)).toBe(552);
    expect(t.sink.messages).toHaveLength(1);
  });

  it('refuses a header section over the byte bound (one folded header), also over BDAT', async () => {
    t = await startTestServer({ maxHeaderBytes: 64 * 1024, maxMessageSize: 4 * 1024 * 1024 });
    const client = await t.connectEhlo();
    const folded = `Subject: ${Array.from({ length: 50 }, () => 'x'.repeat(2000)).join('\r\n ')}`;
    const reply = await sendMessage(client, 'a@example.com', ['b@example.com'], `${folded}\r\n\r\nbody`);
    expect(reply).toBe(552);
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    const data = Buffer.from(`${folded}\r\n\r\nbody`);
    client.send(`BDAT ${data.length} LAST\r\n`);
    client.send(data);
    expect((await client.expectReply()).text).toMatch(/^552 5\.3\.4 .*header section/);
    expect(t.sink.calls).toBe(0);
  });
});

describe('hostile data and arguments', () => {
  it.each([
    ['a bare CR inside MAIL', 'MAIL FROM:<a@example.com>\rRCPT TO:<x@example.com>\r\n', [500]],
    ['a CRLF splitting RCPT', 'RCPT TO:<x@exa\r\nmple.com>\r\n', [501, 500]],
    ['a bare LF smuggling DATA after RCPT', 'RCPT TO:<x@example.com\nDATA>\r\n', [501, 500]],
    ['a NUL in RCPT', 'RCPT TO:<x@example.com>\0DATA\r\n', [500]],
  ])('answers %s clearly and stores nothing', async (_name, line, codes) => {
    t = await startTestServer();
    const client = await t.connectEhlo();
    if (line.startsWith('RCPT')) expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    client.send(line);
    expect((await client.readMany(codes.length)).map((r) => r.code)).toEqual(codes);
    expect(await client.code('NOOP')).toBe(250);
    expect(t.sink.calls).toBe(0);
  });

  it('reads a DATA line far over the size limit to its end, answers 552 and stores nothing', async () => {
    t = await startTestServer({ maxMessageSize: 64 * 1024 });
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    expect(await client.code('DATA')).toBe(354);
    for (let i = 0; i < 64; i++) client.send('z'.repeat(64 * 1024)); // 4 MiB, no line end
    client.send('\r\n.\r\n');
    expect((await client.expectReply()).text).toMatch(/^552 5\.3\.4 /);
    expect(t.sink.calls).toBe(0);
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'Subject: x\r\n\r\nsmall')).toBe(250);
  });

  it('refuses a message of twice the size limit with 552 and keeps the session', async () => {
    t = await startTestServer({ maxMessageSize: 100_000 });
    const client = await t.connectEhlo();
    const body = `Subject: big\r\n\r\n${'0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n'.repeat(3200)}`;
    expect(body.length).toBeGreaterThan(200_000);
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], body)).toBe(552);
    expect(t.sink.calls).toBe(0);
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'Subject: x\r\n\r\nsmall')).toBe(250);
  });
});

describe('the in-flight memory budget', () => {
  it('bounds what many concurrent sessions hold: past it 452 4.3.1, and nothing is lost that was acknowledged', async () => {
    const size = 200 * 1024;
    t = await startTestServer({ maxMessageSize: 256 * 1024, maxInFlightBytes: 1024 * 1024 });
    const release = t.sink.hold(); // messages handed to the sink stay in memory until released
    const clients = await Promise.all(Array.from({ length: 12 }, () => t!.connectEhlo()));
    const body = `Subject: x\r\n\r\n${'y'.repeat(size)}`;
    const results = clients.map((c) => sendAnyway(c, body));
    const answered: number[] = [];
    for (const r of results) void r.then((code) => answered.push(code));
    // Those whose bytes fit are held by the sink; every other one is answered before the sink lets go.
    while (t.sink.calls + answered.length < clients.length) await new Promise((r) => setTimeout(r, 5));
    expect(answered.every((c) => c === 452)).toBe(true);
    release();
    const codes = await Promise.all(results);
    const accepted = codes.filter((c) => c === 250).length;
    expect(codes.every((c) => c === 250 || c === 452)).toBe(true);
    expect(accepted).toBeGreaterThan(0);
    expect(accepted * size).toBeLessThanOrEqual(1024 * 1024);
    expect(codes.filter((c) => c === 452).length).toBe(12 - accepted);
    expect(t.sink.messages).toHaveLength(accepted);
    expect(t.events).toContainEqual(expect.objectContaining({ Type: 'memory' }));
    // The budget is given back: every client can send again.
    for (const c of clients) expect(await sendMessage(c, 'a@example.com', ['b@example.com'], body)).toBe(250);
  });
});

/** Like sendMessage, but DATA refused (452 when the budget is used up at that moment) is an answer too. */
async function sendAnyway(client: RawClient, body: string): Promise<number> {
  expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
  expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
  const data = await client.code('DATA');
  if (data !== 354) return data;
  client.send(`${body}\r\n.\r\n`);
  return (await client.expectReply()).code;
}
