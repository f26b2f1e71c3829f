import { afterEach, describe, expect, it } from 'vitest';
import type { FaultContext, FaultDecision, FaultPolicy, SmtpStage } from '../../src/faults/index.js';
import { sendMessage, startTestServer, type TestServer } from '../smtp/harness.js';
import { RawClient } from '../smtp/raw-client.js';
import { b64 } from './fixtures.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A policy that applies `decision` at `stage` (to matching contexts) and records every question. */
function policy(stage: SmtpStage, decision: FaultDecision, when: (c: FaultContext) => boolean = () => true) {
  const asked: FaultContext[] = [];
  const faults: FaultPolicy = {
    decide(context) {
      asked.push(context);
      return context.stage === stage && when(context) ? decision : undefined;
    },
  };
  return { faults, asked };
}

const REFUSE = { reply: { code: 451, enhanced: '4.3.0', text: 'Injected failure' }, source: 'rule-1' };

async function fullSession(client: RawClient, from = 'a@example.com'): Promise<number[]> {
  const codes = [await client.code('EHLO client.example')];
  codes.push(await client.code(`AUTH PLAIN ${b64('\0user\0pw')}`));
  codes.push(await client.code(`MAIL FROM:<${from}>`));
  codes.push(await client.code('RCPT TO:<b@example.com>'));
  codes.push(await client.code('RCPT TO:<c@example.com>'));
  const data = await client.code('DATA');
  codes.push(data);
  if (data === 354) codes.push(await client.code('Subject: x\r\n\r\ny\r\n.'));
  return codes;
}

describe('fault hooks', () => {
  it('asks the policy at every stage with what is known there', async () => {
    const { faults, asked } = policy('message', {});
    t = await startTestServer({ faults, auth: {} });
    const client = await t.connect();
    expect(await fullSession(client)).toEqual([250, 235, 250, 250, 250, 354, 250]);
    expect(asked.map((c) => c.stage)).toEqual(['connect', 'helo', 'auth', 'mail', 'rcpt', 'rcpt', 'data', 'message']);
    expect(asked.at(-1)).toEqual({
      stage: 'message',
      clientAddress: '127.0.0.1',
      helo: 'client.example',
      username: 'user',
      mailFrom: 'a@example.com',
      rcptTo: ['b@example.com', 'c@example.com'],
    });
    expect(asked[4]!.rcptTo).toEqual(['b@example.com']);
  });

  it.each([
    ['helo', [451]],
    ['auth', [250, 451]],
    ['mail', [250, 235, 451]],
    ['data', [250, 235, 250, 250, 250, 451]],
    ['message', [250, 235, 250, 250, 250, 354, 451]],
  ] as const)('sends the policy reply instead of the normal one at %s, and reports it', async (stage, expected) => {
    const { faults } = policy(stage, REFUSE);
    t = await startTestServer({ faults, auth: {} });
    const client = await t.connect();
    const codes = [await client.code('EHLO client.example')];
    if (codes[0] === 250) codes.push(await client.code(`AUTH PLAIN ${b64('\0user\0pw')}`));
    if (codes[1] === 235) codes.push(await client.code('MAIL FROM:<a@example.com>'));
    if (codes[2] === 250) codes.push(await client.code('RCPT TO:<b@example.com>'), await client.code('RCPT TO:<c@example.com>'));
    if (codes[4] === 250) codes.push(await client.code('DATA'));
    if (codes[5] === 354) codes.push(await client.code('Subject: x\r\n\r\ny\r\n.'));
    expect(codes).toEqual(expected);
    expect(t.sink.messages).toHaveLength(0);
    expect(t.events).toEqual([
      { Level: 'warn', Type: 'fault', IP: '127.0.0.1', Message: `fault injected at ${stage} by rule-1: answered "451 4.3.0 Injected failure"` },
    ]);
    expect(await client.code('NOOP')).toBe(250); // the session goes on
  });

  it('does not add a recipient refused by the policy', async () => {
    const { faults } = policy('rcpt', REFUSE, (c) => c.rcptTo?.[0] === 'c@example.com');
    t = await startTestServer({ faults });
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    expect((await client.command('RCPT TO:<c@example.com>')).text).toBe('451 4.3.0 Injected failure');
    expect(await client.code('DATA')).toBe(354);
    expect(await client.code('Subject: x\r\n\r\ny\r\n.')).toBe(250);
    expect(t.sink.messages[0]!.envelope.rcptTo.map((r) => r.address)).toEqual(['b@example.com']);
  });

  it('refuses a connection with the reply and closes it at connect', async () => {
    const { faults } = policy('connect', { reply: { code: 554, text: 'No service\r\nfor you' } });
    t = await startTestServer({ faults });
    const client = await RawClient.connect(t.port);
    expect((await client.expectReply()).text).toBe('554 No service  for you');
    await client.whenClosed();
  });

  it('refuses the first BDAT chunk after reading it', async () => {
    const { faults } = policy('data', REFUSE);
    t = await startTestServer({ faults });
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    client.send('BDAT 20 LAST\r\nSubject: x\r\n\r\nbody!!NOOP\r\n');
    expect((await client.readMany(2)).map((r) => r.code)).toEqual([451, 250]);
    expect(t.sink.calls).toBe(0);
  });

  it.each(['connect', 'helo', 'mail', 'rcpt', 'data', 'message'] as const)('drops the connection at %s', async (stage) => {
    const { faults } = policy(stage, { drop: true });
    t = await startTestServer({ faults, auth: {} });
    const client = await RawClient.connect(t.port);
    client.send('EHLO client.example\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n');
    client.send('Subject: x\r\n\r\ny\r\n.\r\n');
    await client.whenClosed();
    expect(t.sink.calls).toBe(0);
    expect(t.events.map((e) => e.Message)).toEqual([`fault injected at ${stage}: dropped the connection`]);
  });

  it('delays one session without holding up another, then answers normally', async () => {
    const { faults } = policy('mail', { delayMs: 60_000 }, (c) => c.helo === 'slow.example');
    t = await startTestServer({ faults });
    const slow = await t.connectEhlo('slow.example');
    slow.send('MAIL FROM:<a@example.com>\r\nNOOP\r\n');
    const slowReply = slow.read();
    const fast = await t.connectEhlo('fast.example');
    expect(await sendMessage(fast, 'a@example.com', ['b@example.com'], 'Subject: x\r\n\r\ny')).toBe(250);
    let answered = false;
    void slowReply.then(() => (answered = true));
    await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
    slow.close();
  });

  it('answers in order after a short delay, with the delayed message stored', async () => {
    const { faults } = policy('message', { delayMs: 20 });
    t = await startTestServer({ faults });
    const client = await t.connectEhlo();
    expect(await client.code('MAIL FROM:<a@example.com>')).toBe(250);
    expect(await client.code('RCPT TO:<b@example.com>')).toBe(250);
    expect(await client.code('DATA')).toBe(354);
    client.send('Subject: x\r\n\r\ny\r\n.\r\nNOOP\r\n');
    const [queued, noop] = await client.readMany(2);
    expect(queued!.text).toMatch(/^250 2\.0\.0 Ok: queued as msg1/);
    expect(noop!.code).toBe(250);
    expect(t.sink.messages).toHaveLength(1);
  });

  it('behaves normally when the policy throws', async () => {
    t = await startTestServer({ faults: { decide: () => { throw new Error('broken policy'); } } });
    const client = await t.connectEhlo();
    expect(await sendMessage(client, 'a@example.com', ['b@example.com'], 'Subject: x\r\n\r\ny')).toBe(250);
  });
});
