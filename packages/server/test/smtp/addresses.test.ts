import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendMessage, startTestServer, type TestServer } from './harness.js';

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({ maxRecipients: 100, maxMessageSize: 1_000_000 });
});
afterEach(async () => {
  await t.close();
});

/** Sends MAIL and RCPT lines as given, then a message; returns the stored envelope. */
async function envelopeOf(mail: string, rcpts: string[]) {
  const client = await t.connectEhlo();
  expect((await client.command(mail)).code).toBe(250);
  for (const rcpt of rcpts) expect((await client.command(rcpt)).code, rcpt).toBe(250);
  expect(await client.code('DATA')).toBe(354);
  client.send('Subject: addresses\r\n\r\nx\r\n.\r\n');
  expect((await client.expectReply()).code).toBe(250);
  return t.sink.messages.at(-1)!.envelope;
}

describe('addresses', () => {
  it.each([
    ['the null reverse-path', 'MAIL FROM:<>', 'RCPT TO:<b@example.com>', '', 'b@example.com'],
    ['Postmaster without a domain', 'MAIL FROM:<a@example.com>', 'RCPT TO:<Postmaster>', 'a@example.com', 'Postmaster'],
    ['postmaster in any case', 'MAIL FROM:<a@example.com>', 'RCPT TO:<postMASTER>', 'a@example.com', 'postMASTER'],
    ['a source route, which is dropped', 'MAIL FROM:<@a.example,@b.example:a@c.example>', 'RCPT TO:<@relay.example:b@d.example>', 'a@c.example', 'b@d.example'],
    ['an IPv4 address literal', 'MAIL FROM:<a@[192.0.2.1]>', 'RCPT TO:<user@[192.0.2.1]>', 'a@[192.0.2.1]', 'user@[192.0.2.1]'],
    ['an IPv6 address literal', 'MAIL FROM:<a@[IPv6:2001:db8::1]>', 'RCPT TO:<user@[IPv6:2001:db8::1]>', 'a@[IPv6:2001:db8::1]', 'user@[IPv6:2001:db8::1]'],
    ['a quoted local part', 'MAIL FROM:<"john doe"@example.com>', 'RCPT TO:<"a\\"b c>@d"@example.com>', '"john doe"@example.com', '"a\\"b c>@d"@example.com'],
    ['atext specials', "MAIL FROM:<a!#$%&'*+/=?^_`{|}~-b@example.com>", 'RCPT TO:<first.last+tag@sub.example.co>', "a!#$%&'*+/=?^_`{|}~-b@example.com", 'first.last+tag@sub.example.co'],
    ['a space after the colon', 'MAIL FROM: <a@example.com>', 'RCPT TO: <b@example.com>', 'a@example.com', 'b@example.com'],
  ])('accepts %s and keeps the address exactly', async (_name, mail, rcpt, from, to) => {
    const envelope = await envelopeOf(mail, [rcpt]);
    expect(envelope.mailFrom.address).toBe(from);
    expect(envelope.rcptTo.map((r) => r.address)).toEqual([to]);
  });

  it('accepts UTF-8 local parts and domains with SMTPUTF8 and keeps them exactly', async () => {
    const envelope = await envelopeOf('MAIL FROM:<élise@exemple.fr> SMTPUTF8', ['RCPT TO:<用户@例子.广告>', 'RCPT TO:<"Zoë Ω"@bücher.example>']);
    expect(envelope.mailFrom).toEqual({ address: 'élise@exemple.fr', params: { SMTPUTF8: '' } });
    expect(envelope.rcptTo.map((r) => r.address)).toEqual(['用户@例子.广告', '"Zoë Ω"@bücher.example']);
    expect(envelope.protocol).toBe('UTF8SMTP');
  });

  it('refuses a UTF-8 address without SMTPUTF8 with 553 5.6.7', async () => {
    const client = await t.connectEhlo();
    expect((await client.command('MAIL FROM:<élise@exemple.fr>')).text).toMatch(/^553 5\.6\.7 /);
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    expect((await client.command('RCPT TO:<用户@例子.广告>')).text).toMatch(/^553 5\.6\.7 /);
  });

  it.each([
    '<a@>',
    '<@example.com>',
    '<a b@example.com>',
    '<a..b@example.com>',
    '<.a@example.com>',
    '<a@example..com>',
    '<a@-example.com>',
    '<a@[999.1.1.1]>',
    '<a@[IPv6:2001:db8::zz]>',
    '<a@example.com',
    '<"unterminated@example.com>',
    '<@a.example:>',
    '<Postmaster>',
  ])('refuses the malformed sender %s with 501', async (path) => {
    const client = await t.connectEhlo();
    expect((await client.command(`MAIL FROM:${path}`)).text).toMatch(/^501 5\.1\.7 /);
  });

  it.each(['<b@>', '<b c@example.com>', '<b@exa mple.com>', '<@x.example>'])('refuses the malformed recipient %s with 501', async (path) => {
    const client = await t.connectEhlo();
    await client.command('MAIL FROM:<a@example.com>');
    expect((await client.command(`RCPT TO:${path}`)).text).toMatch(/^501 5\.1\.3 /);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
  });

  it('accepts 100 recipients and answers the one past the maximum with 452', async () => {
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    // Pipelined: 101 RCPT in one write, answered in order.
    client.send(Array.from({ length: 101 }, (_, i) => `RCPT TO:<r${i}@example.com>\r\n`).join(''));
    const replies = await client.readMany(101);
    expect(replies.slice(0, 100).every((r) => r.code === 250)).toBe(true);
    expect(replies[100]!.text).toMatch(/^452 4\.5\.3 /);
    expect(await client.code('DATA')).toBe(354);
    client.send('Subject: many\r\n\r\nx\r\n.\r\n');
    expect((await client.expectReply()).code).toBe(250);
    const envelope = t.sink.messages[0]!.envelope;
    expect(envelope.rcptTo).toHaveLength(100);
    expect(envelope.rcptTo[99]!.address).toBe('r99@example.com');
    expect(t.events).toEqual([expect.objectContaining({ Level: 'warn', Type: 'recipients', IP: '127.0.0.1' })]);
  });

  it('keeps recipients that appear in no header (Bcc)', async () => {
    const client = await t.connectEhlo();
    expect(await sendMessage(client, 'a@example.com', ['to@example.com', 'hidden@example.com'], 'To: to@example.com\r\n\r\nx')).toBe(250);
    expect(t.sink.messages[0]!.envelope.rcptTo.map((r) => r.address)).toEqual(['to@example.com', 'hidden@example.com']);
  });
});

describe('MAIL and RCPT parameters', () => {
  it('keeps SIZE, BODY, SMTPUTF8, RET, ENVID, NOTIFY and ORCPT in the envelope (keys upper-cased)', async () => {
    const envelope = await envelopeOf('MAIL FROM:<a@example.com> size=1000 Body=8BITMIME smtputf8 RET=HDRS ENVID=QQ314159+2Bx', [
      'RCPT TO:<b@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b@example.com',
      'RCPT TO:<c@example.com> notify=NEVER',
      'RCPT TO:<d@example.com> ORCPT=utf-8;用户@例子.广告',
    ]);
    expect(envelope.mailFrom.params).toEqual({ SIZE: '1000', BODY: '8BITMIME', SMTPUTF8: '', RET: 'HDRS', ENVID: 'QQ314159+2Bx' });
    expect(envelope.rcptTo.map((r) => r.params)).toEqual([
      { NOTIFY: 'SUCCESS,FAILURE', ORCPT: 'rfc822;b@example.com' },
      { NOTIFY: 'NEVER' },
      { ORCPT: 'utf-8;用户@例子.广告' },
    ]);
  });

  it.each([
    'SIZE=abc',
    'SIZE=-1',
    'BODY=9BIT',
    'SMTPUTF8=yes',
    'RET=ALL',
    'ENVID=has+zz',
    `ENVID=${'x'.repeat(101)}`,
    'ENVID=a=b',
  ])('answers MAIL with the bad value %s with 501', async (param) => {
    const client = await t.connectEhlo();
    expect((await client.command(`MAIL FROM:<a@example.com> ${param}`)).text).toMatch(/^501 5\.5\.4 /);
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
  });

  it.each(['NOTIFY=NEVER,SUCCESS', 'NOTIFY=SOMETIMES', 'NOTIFY=SUCCESS,SUCCESS', 'ORCPT=b@example.com', 'ORCPT=rfc822;has space+'])(
    'answers RCPT with the bad value %s with 501',
    async (param) => {
      const client = await t.connectEhlo();
      await client.command('MAIL FROM:<a@example.com>');
      expect((await client.command(`RCPT TO:<b@example.com> ${param}`)).text).toMatch(/^501 5\.5\.4 /);
    },
  );

  it.each([
    ['MAIL FROM:<a@example.com> FOO=bar', null],
    ['MAIL FROM:<a@example.com> AUTH=<>', null],
    ['MAIL FROM:<a@example.com> NOTIFY=NEVER', null],
    ['RCPT TO:<b@example.com> SIZE=10', 'MAIL FROM:<a@example.com>'],
    ['RCPT TO:<b@example.com> X-UNKNOWN', 'MAIL FROM:<a@example.com>'],
  ])('answers the unknown parameter in %j with 555', async (line, before) => {
    const client = await t.connectEhlo();
    if (before) await client.command(before);
    expect((await client.command(line)).text).toMatch(/^555 5\.5\.4 /);
  });
});
