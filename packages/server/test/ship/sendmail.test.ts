import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startTestMailsink, type TestMailsink } from '../helpers/in-process.js';
import { runCommand, type RunOptions } from './run-command.js';

const sendmail = (args: string[], options: RunOptions) => runCommand(['sendmail', ...args], options);
const crlf = (lines: string[]) => lines.map((l) => `${l}\r\n`).join('');

describe('mailsink sendmail', () => {
  let ms: TestMailsink;
  let smtp: string;
  beforeAll(async () => {
    ms = await startTestMailsink();
    smtp = `127.0.0.1:${ms.smtpPort}`;
  });
  afterAll(async () => {
    await ms.close();
  });

  async function listed(subject: string) {
    const list = await getJson(`${ms.baseUrl}/api/v1/messages?limit=1000`);
    return list.messages.filter((m: { Subject: string }) => m.Subject === subject);
  }

  it('with -t takes recipients from To, Cc and Bcc, drops Bcc, and the message appears in the API', async () => {
    const message = crlf([
      'From: Shop <shop@example.com>',
      'To: Ann <ann@example.com>',
      'Cc: ben@example.com',
      'Bcc: audit@example.com,',
      ' archive@example.com',
      'Subject: Order 17',
      '',
      'Your order shipped.',
    ]);
    const r = await sendmail(['-t', '-i', '--smtp', smtp], { input: message });
    expect(r, r.stderr).toMatchObject({ code: 0, stdout: '', stderr: '' });

    const [summary] = await listed('Order 17');
    expect(summary.To).toEqual([{ Name: 'Ann', Address: 'ann@example.com' }]);
    const record = ms.app.store.get(summary.ID)!;
    expect(record.envelope.mailFrom.address).toBe('shop@example.com');
    expect(record.envelope.rcptTo.map((r) => r.address)).toEqual([
      'ann@example.com',
      'ben@example.com',
      'audit@example.com',
      'archive@example.com',
    ]);
    const raw = (await ms.app.store.readRaw(summary.ID))!.toString();
    expect(raw).not.toMatch(/^Bcc:/im);
    expect(raw).not.toContain('archive@example.com');
    expect(raw.endsWith(crlf(['Subject: Order 17', '', 'Your order shipped.']))).toBe(true);
  });

  it('sends to recipients given as arguments, from the -f sender, reading LF input', async () => {
    const r = await sendmail(['-f', 'bounces@example.com', '--smtp', smtp, 'x@example.com', 'Y <y@example.com>'], {
      input: 'From: cron@example.com\nSubject: Cron output\n\nall good\n',
    });
    expect(r.code, r.stderr).toBe(0);
    const [summary] = await listed('Cron output');
    const record = ms.app.store.get(summary.ID)!;
    expect(record.envelope.mailFrom.address).toBe('bounces@example.com');
    expect(record.envelope.rcptTo.map((r) => r.address)).toEqual(['x@example.com', 'y@example.com']);
  });

  it('ends the message at a line with a single dot unless -i (or -oi) is given', async () => {
    const input = 'Subject: Dots\n\nbefore\n.\nafter\n';
    expect((await sendmail(['--smtp', smtp, 'd@example.com'], { input })).code).toBe(0);
    expect((await sendmail(['-oi', '--smtp', smtp, 'd@example.com'], { input })).code).toBe(0);
    const bodies = await Promise.all(
      (await listed('Dots')).map(async (m: { ID: string }) => (await ms.app.store.readRaw(m.ID))!.toString()),
    );
    expect(bodies.filter((b) => b.includes('after'))).toHaveLength(1);
    expect(bodies.every((b) => b.includes('before'))).toBe(true);
  });

  it('reads the SMTP address from MAILSINK_SMTP, a wildcard host meaning this machine', async () => {
    const r = await sendmail(['-t'], {
      input: 'To: env@example.com\nSubject: Via env\n\nhi\n',
      env: { MAILSINK_SMTP: `0.0.0.0:${ms.smtpPort}` },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(await listed('Via env')).toHaveLength(1);
  });

  it('exits 64 without recipients, and 75 (try later) when mailsink is not running', async () => {
    const none = await sendmail(['--smtp', smtp], { input: 'Subject: nobody\n\nx\n' });
    expect(none.code).toBe(64);
    expect(none.stderr).toContain('no recipients');

    const down = await sendmail(['--smtp', '127.0.0.1:1', 'a@example.com'], { input: 'Subject: lost\n\nx\n' });
    expect(down.code).toBe(75);
    expect(down.stderr).toContain('127.0.0.1:1');
  });

  it('exits 64 for an option it does not know', async () => {
    const r = await sendmail(['-Q', 'a@example.com'], { input: '' });
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/-Q/);
  });
});
