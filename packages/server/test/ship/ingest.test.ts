import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MessageRecord } from '../../src/store/index.js';
import { getJson, startTestMailsink, type TestMailsink } from '../helpers/in-process.js';
import { makeDataDir, removeDir } from '../helpers/server-process.js';
import { runCommand } from './run-command.js';

const crlf = (lines: string[]) => lines.map((l) => `${l}\r\n`).join('');

function message(subject: string, body: string[], headers: string[] = ['From: a@example.com', 'To: b@example.com']) {
  return crlf([...headers, `Subject: ${subject}`, '', ...body]);
}

describe('mailsink ingest', () => {
  let ms: TestMailsink;
  const dirs: string[] = [];
  beforeAll(async () => {
    ms = await startTestMailsink();
  });
  afterEach(async () => {
    await ms.app.store.deleteAll();
    await Promise.all(dirs.splice(0).map(removeDir));
  });
  afterAll(async () => {
    await ms.close();
  });

  async function tempDir() {
    const dir = await makeDataDir();
    dirs.push(dir);
    return dir;
  }

  const ingest = (...args: string[]) => runCommand(['ingest', '--smtp', `127.0.0.1:${ms.smtpPort}`, ...args]);

  /** Stored messages oldest first, with their raw source (after mailsink's own Received line). */
  async function stored(): Promise<Array<{ subject: string; record: MessageRecord; raw: string }>> {
    const list = await getJson(`${ms.baseUrl}/api/v1/messages?limit=1000`);
    return Promise.all(
      list.messages.reverse().map(async (m: { ID: string; Subject: string }) => ({
        subject: m.Subject,
        record: ms.app.store.get(m.ID)!,
        raw: (await ms.app.store.readRaw(m.ID))!.toString(),
      })),
    );
  }

  it('loads every message of an mbox, unquoting >From lines and keeping the bytes', async () => {
    const dir = await tempDir();
    const first = message('First', ['Hello', '', 'From the desk of Ann (quoted in the mbox)', '>From stays quoted once']);
    const second = message('Second', ['Bcc-only copy'], ['Return-Path: <bounce@example.com>', 'From: c@example.com', 'Bcc: hidden@example.com']);
    const third = message('Third', ['no recipients in the headers'], ['From: d@example.com']);
    const mbox =
      'From ann@example.com Mon Nov 23 10:00:00 2026\r\n' +
      first.replace('From the desk', '>From the desk').replace('>From stays', '>>From stays') + '\r\n' +
      'From c@example.com Mon Nov 23 10:01:00 2026\r\n' + second + '\r\n' +
      'From d@example.com Mon Nov 23 10:02:00 2026\r\n' + third;
    const file = path.join(dir, 'archive.mbox');
    await writeFile(file, mbox);

    const r = await ingest(file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ingested 3 messages');

    const [a, b, c] = await stored();
    expect([a?.subject, b?.subject, c?.subject]).toEqual(['First', 'Second', 'Third']);
    expect(a!.raw.endsWith(first)).toBe(true);
    expect(b!.raw.endsWith(second)).toBe(true);
    expect(b!.record.envelope.mailFrom.address).toBe('bounce@example.com');
    expect(b!.record.envelope.rcptTo.map((r) => r.address)).toEqual(['hidden@example.com']);
    expect(c!.record.envelope.rcptTo.map((r) => r.address)).toEqual(['undisclosed-recipients@localhost']);
  });

  it('loads a Maildir (new/, cur/ and a Maildir++ subfolder, not tmp/) and a loose .eml file', async () => {
    const dir = await tempDir();
    const maildir = path.join(dir, 'Maildir');
    for (const sub of ['new', 'cur', 'tmp', '.Sent/cur', '.Sent/new', '.Sent/tmp']) await mkdir(path.join(maildir, sub), { recursive: true });
    await writeFile(path.join(maildir, 'new', '1700000002.M1P1.host'), message('Unread', ['n']));
    await writeFile(path.join(maildir, 'cur', '1700000001.M1P1.host:2,S'), message('Read', ['c']));
    await writeFile(path.join(maildir, 'tmp', '1700000003.M1P1.host'), message('Half delivered', ['t']));
    await writeFile(path.join(maildir, '.Sent', 'cur', '1700000004.M1P1.host:2,S'), message('Sent one', ['s']));
    const eml = path.join(dir, 'loose.eml');
    await writeFile(eml, message('Loose', ['e'], ['From: e@example.com', 'To: f@example.com', 'Cc: g@example.com']));

    const r = await ingest(maildir, eml);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('ingested 4 messages');
    const all = await stored();
    expect(all.map((m) => m.subject)).toEqual(['Unread', 'Read', 'Sent one', 'Loose']);
    expect(all[3]!.record.envelope.rcptTo.map((r) => r.address)).toEqual(['f@example.com', 'g@example.com']);
    expect(all[3]!.raw.endsWith(message('Loose', ['e'], ['From: e@example.com', 'To: f@example.com', 'Cc: g@example.com']))).toBe(true);
  });

  it('sends nothing when a path does not exist (exit 66), and exits 75 when mailsink is down', async () => {
    const dir = await tempDir();
    const eml = path.join(dir, 'one.eml');
    await writeFile(eml, message('One', ['x']));
    const missing = await ingest(eml, path.join(dir, 'nope.mbox'));
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain('nope.mbox');
    expect(await stored()).toHaveLength(0);

    const down = await runCommand(['ingest', '--smtp', '127.0.0.1:1', eml]);
    expect(down.code).toBe(75);
    expect(down.stderr).toContain('127.0.0.1:1');
  });

  it('names a refused message, goes on with the rest, and exits 65', async () => {
    await ms.close();
    ms = await startTestMailsink(['--max-message-size', '2KB']);
    const dir = await tempDir();
    const big = path.join(dir, 'a-big.eml');
    const small = path.join(dir, 'b-small.eml');
    await writeFile(big, message('Big', ['x'.repeat(70)].concat(Array(60).fill('y'.repeat(70)))));
    await writeFile(small, message('Small', ['fits']));
    const r = await ingest(dir);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('a-big.eml');
    expect((await stored()).map((m) => m.subject)).toEqual(['Small']);
  });
});
