import { afterEach, describe, expect, it } from 'vitest';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getJson, startTestMailsink } from '../helpers/in-process.js';
import { makeDataDir, removeDir, runMailsink, startServerProcess, stopServerProcess } from '../helpers/server-process.js';
import { RawClient } from '../smtp/raw-client.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});
async function dataDir() {
  const d = await makeDataDir();
  dirs.push(d);
  return d;
}

async function send(port: number, mail: SendMailOptions): Promise<string> {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const info = await t.sendMail(mail);
    return /queued as (\S+)/.exec(info.response ?? '')![1]!;
  } finally {
    t.close();
  }
}

describe('restart', () => {
  it('keeps messages, their envelope, read flags and tags across a restart', async () => {
    const dir = await dataDir();
    const first = await startTestMailsink([], dir);
    const id = await send(first.smtpPort, {
      envelope: { from: 'bounce+42@example.com', to: ['to@example.com', 'hidden@example.com'] },
      from: 'Sender <sender@example.com>',
      to: 'to@example.com',
      subject: 'survives',
      text: 'still here',
    });
    const other = await send(first.smtpPort, { from: 'a@example.com', to: 'b@example.com', subject: 'tagged', text: 't' });
    await first.app.store.setRead([id], true);
    await first.app.store.setTags(other, ['invoice', 'urgent']);
    const before = first.app.store.get(id)!;
    await first.stop();

    const second = await startTestMailsink([], dir);
    try {
      const after = second.app.store.get(id)!;
      expect(after.envelope).toEqual(before.envelope);
      expect(after.envelope.mailFrom.address).toBe('bounce+42@example.com');
      expect(after.envelope.rcptTo.map((r) => r.address)).toEqual(['to@example.com', 'hidden@example.com']);
      expect(after.envelope.client.address).toBe('127.0.0.1');
      const list = await getJson(`${second.baseUrl}/api/v1/messages`);
      expect(list.total).toBe(2);
      expect(list.unread).toBe(1);
      const byId = Object.fromEntries(list.messages.map((m: { ID: string }) => [m.ID, m]));
      expect(byId[id].Read).toBe(true);
      expect(byId[id].Bcc).toEqual([{ Name: '', Address: 'hidden@example.com' }]);
      expect(byId[other].Tags).toEqual(['invoice', 'urgent']);
    } finally {
      await second.stop();
    }
  });
});

describe('retention', () => {
  it('keeps the newest --max-messages (set through MAILSINK_MAX_MESSAGES too)', async () => {
    const ms = await startTestMailsink(['--max-messages', '3']);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await send(ms.smtpPort, { from: 'a@example.com', to: 'b@example.com', subject: `m${i}`, text: 'x' }));
      const list = await getJson(`${ms.baseUrl}/api/v1/messages`);
      expect(list.messages.map((m: { ID: string }) => m.ID)).toEqual(ids.slice(2).reverse());
      expect(list.total).toBe(3);
      const gone = await fetch(`${ms.baseUrl}/api/v1/message/${ids[0]}/raw`);
      expect(gone.status).toBe(404);
    } finally {
      await ms.close();
    }
  });
});

describe('a damaged store file', () => {
  it('stops start-up with its path and what to do, and leaves it untouched', async () => {
    const dir = await dataDir();
    const ms = await startTestMailsink([], dir);
    await send(ms.smtpPort, { from: 'a@example.com', to: 'b@example.com', subject: 'before damage', text: 'x' });
    await ms.stop();
    const recordsDir = path.join(dir, 'records');
    const file = path.join(recordsDir, (await readdir(recordsDir)).find((f) => f.endsWith('.json'))!);
    const damaged = (await readFile(file, 'utf8')).slice(0, 40) + '\u0000garbage';
    await writeFile(file, damaged);

    const r = await runMailsink(['--smtp', '127.0.0.1:0', '--listen', '127.0.0.1:0', '--data-dir', dir, '--log-format', 'json']);
    expect(r.code).toBe(1);
    const output = r.stdout + r.stderr;
    expect(output).toContain(file);
    expect(output).toMatch(/mv /);
    expect(await readFile(file, 'utf8')).toBe(damaged);
  });

  it('refuses a data directory that another mailsink is using', async () => {
    const dir = await dataDir();
    const ms = await startTestMailsink([], dir);
    try {
      const r = await runMailsink(['--smtp', '127.0.0.1:0', '--listen', '127.0.0.1:0', '--data-dir', dir, '--log-format', 'json']);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toContain(dir);
    } finally {
      await ms.stop();
    }
  });
});

describe('SIGTERM', () => {
  it('lets a message in DATA finish, tells idle sessions 421, and exits 0', async () => {
    const dir = await dataDir();
    const server = await startServerProcess(dir);
    const idle = await RawClient.connect(server.smtpPort);
    expect((await idle.read())!.code).toBe(220);
    expect((await idle.command('EHLO idle.example')).code).toBe(250);

    const busy = await RawClient.connect(server.smtpPort);
    expect((await busy.read())!.code).toBe(220);
    await busy.command('EHLO busy.example');
    await busy.command('MAIL FROM:<a@example.com>');
    await busy.command('RCPT TO:<b@example.com>');
    expect((await busy.command('DATA')).code).toBe(354);
    busy.send('Subject: in flight\r\n\r\nfirst half\r\n');

    server.child.kill('SIGTERM');
    const idleReply = await idle.read();
    expect(idleReply?.code).toBe(421);
    await idle.whenClosed();

    busy.send('second half\r\n.\r\n');
    const done = await busy.read();
    expect(done?.code).toBe(250);
    expect((await busy.read())?.code).toBe(421);
    await busy.whenClosed();
    expect(await server.exited).toEqual({ code: 0, signal: null });

    const again = await startServerProcess(dir);
    try {
      const list = await getJson(`${again.webUrl}api/v1/messages`);
      expect(list.messages.map((m: { Subject: string }) => m.Subject)).toEqual(['in flight']);
    } finally {
      await stopServerProcess(again);
    }
  });
});
