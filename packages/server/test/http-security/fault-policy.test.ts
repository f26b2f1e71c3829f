/** The policy the SMTP receiver consults at each stage: what it answers for each kind of rule and for chaos. */
import { describe, expect, it } from 'vitest';
import { Faults, parseRules, type FaultContext } from '../../src/faults/index.js';

const at = (stage: FaultContext['stage'], extra: Partial<FaultContext> = {}): FaultContext => ({ stage, clientAddress: '127.0.0.1', ...extra });
const rcpt = (address: string) => at('rcpt', { mailFrom: 'app@example.com', rcptTo: [address] });

describe('deterministic rules', () => {
  it('rejects senders and recipients matching a glob, case-insensitively, with the chosen code and text', () => {
    const faults = new Faults({
      chaosEnabled: false,
      rules: parseRules([
        { Type: 'reject', Stage: 'rcpt', Pattern: '*@Blocked.example', Code: 553, Text: 'Nope' },
        { Type: 'reject', Stage: 'mail', Pattern: 'bounce-???@*' },
      ]),
    });
    expect(faults.decide(rcpt('joe@blocked.EXAMPLE'))).toMatchObject({ reply: { code: 553, enhanced: '5.7.1', text: 'Nope' } });
    expect(faults.decide(rcpt('joe@blocked.example.org'))).toBeUndefined();
    expect(faults.decide(at('mail', { mailFrom: 'bounce-123@x.test' }))).toMatchObject({ reply: { code: 550 } });
    expect(faults.decide(at('mail', { mailFrom: 'bounce-1234@x.test' }))).toBeUndefined();
    expect(faults.decide(at('helo', { helo: 'blocked.example' }))).toBeUndefined();
    expect(faults.decide(rcpt('joe@blocked.example'))?.source).toMatch(/^rule .+ \(reject\)$/);
  });

  it('matches a hostile pattern against a long address without hanging', () => {
    const faults = new Faults({ chaosEnabled: false, rules: parseRules([{ Type: 'reject', Stage: 'rcpt', Pattern: `${'*a'.repeat(60)}*b` }]) });
    expect(faults.decide(rcpt('a'.repeat(5000)))).toBeUndefined();
    expect(faults.decide(rcpt(`${'a'.repeat(100)}b`))).toBeDefined();
  });

  it('greylists each recipient for its first N attempts, then accepts it', () => {
    const faults = new Faults({ chaosEnabled: false, rules: parseRules([{ Type: 'greylist', Pattern: '*@grey.test', Attempts: 2 }]) });
    const codes = (address: string) => faults.decide(rcpt(address))?.reply?.code;
    expect([codes('a@grey.test'), codes('A@GREY.test'), codes('a@grey.test')]).toEqual([451, 451, undefined]);
    expect(codes('b@grey.test')).toBe(451);
    expect(codes('c@other.test')).toBeUndefined();
    expect(faults.decide(rcpt('b@grey.test'))?.reply?.text).toMatch(/Greylisted/);
  });

  it('fails every Nth message after its data', () => {
    const faults = new Faults({ chaosEnabled: false, rules: parseRules([{ Type: 'fail-every', Every: 3, Code: 554 }]) });
    const results = Array.from({ length: 7 }, () => faults.decide(at('message'))?.reply?.code);
    expect(results).toEqual([undefined, undefined, 554, undefined, undefined, 554, undefined]);
    expect(faults.decide(at('data'))).toBeUndefined();
  });

  it('delays and drops at the chosen stage; delays add up and go with a later decision', () => {
    const faults = new Faults({
      chaosEnabled: false,
      rules: parseRules([
        { Type: 'delay', Stage: 'rcpt', Milliseconds: 100 },
        { Type: 'delay', Stage: 'rcpt', Milliseconds: 50 },
        { Type: 'reject', Stage: 'rcpt', Pattern: 'x@*' },
        { Type: 'drop', Stage: 'data' },
      ]),
    });
    expect(faults.decide(rcpt('ok@test'))).toMatchObject({ delayMs: 150 });
    expect(faults.decide(rcpt('ok@test'))?.reply).toBeUndefined();
    expect(faults.decide(rcpt('x@test'))).toMatchObject({ delayMs: 150, reply: { code: 550 } });
    expect(faults.decide(at('data'))).toMatchObject({ drop: true });
    expect(faults.decide(at('connect'))).toBeUndefined();
  });

  it('applies rules added and forgets rules removed at run time', () => {
    const faults = new Faults({ chaosEnabled: false });
    const rule = faults.rules.add(parseRules([{ Type: 'drop', Stage: 'connect' }])[0]!);
    expect(faults.decide(at('connect'))).toMatchObject({ drop: true });
    expect(faults.rules.remove(rule.ID)).toBe(true);
    expect(faults.decide(at('connect'))).toBeUndefined();
  });
});

describe('chaos triggers', () => {
  it('strike at AUTH, MAIL FROM and RCPT TO with Mailpit\'s texts and the given probability', () => {
    let next = 0.5;
    const faults = new Faults({ chaosEnabled: true, random: () => next });
    faults.chaos.set({ Authentication: { Probability: 100 }, Sender: { ErrorCode: 421, Probability: 60 }, Recipient: { Probability: 40 } });
    expect(faults.decide(at('auth'))).toMatchObject({ reply: { code: 535, text: 'Chaos authentication error' }, source: 'chaos Authentication' });
    expect(faults.decide(at('mail'))).toMatchObject({ reply: { code: 421, text: 'Chaos sender error' } });
    expect(faults.decide(rcpt('a@b'))).toBeUndefined();
    next = 0.39;
    expect(faults.decide(rcpt('a@b'))).toMatchObject({ reply: { code: 451, text: 'Chaos recipient error' } });
    expect(faults.decide(at('data'))).toBeUndefined();
  });

  it('never strike when chaos is not enabled, and a rule decides first', () => {
    const off = new Faults({ chaosEnabled: false, random: () => 0 });
    off.chaos.set({ Sender: { Probability: 100 } });
    expect(off.decide(at('mail', { mailFrom: 'a@b' }))).toBeUndefined();
    const on = new Faults({ chaosEnabled: true, random: () => 0, rules: parseRules([{ Type: 'reject', Stage: 'mail', Pattern: '*', Code: 552 }]) });
    on.chaos.set({ Sender: { Probability: 100 } });
    expect(on.decide(at('mail', { mailFrom: 'a@b' }))?.reply?.code).toBe(552);
  });
});
