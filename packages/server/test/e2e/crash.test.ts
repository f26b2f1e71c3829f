import { afterAll, describe, expect, it } from 'vitest';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { getJson } from '../helpers/in-process.js';
import { makeDataDir, removeDir, startServerProcess, stopServerProcess } from '../helpers/server-process.js';

/**
 * The durability promise: a message that got its `250 ... queued as <ID>` survives `kill -9` at
 * any moment. Several connections keep sending while the real server process is killed.
 */
describe('kill -9 under load', () => {
  let dataDir: string;
  afterAll(async () => {
    if (dataDir) await removeDir(dataDir);
  });

  it('keeps every message that got a 250, with its exact bytes, and leaves a store that starts', async () => {
    dataDir = await makeDataDir();
    const server = await startServerProcess(dataDir, ['--max-messages', '0']);
    const acked = new Map<string, string>(); // ID -> marker in the body
    const connections = 6;
    const transports = Array.from({ length: connections }, () =>
      nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 }),
    );
    let killed = false;
    const killAfter = 300;

    async function sender(t: Transporter, n: number) {
      for (let i = 0; !killed; i++) {
        const marker = `crash-${n}-${i}-${Math.random().toString(36).slice(2)}`;
        try {
          const info = await t.sendMail({
            from: 'load@example.com',
            to: [`rcpt${i % 3}@example.com`, 'other@example.com'],
            subject: marker,
            text: `${marker}\n${'payload line\n'.repeat(200)}`,
          });
          const id = /queued as (\S+)/.exec(info.response ?? '')?.[1];
          if (id) acked.set(id, marker);
        } catch {
          return; // the server died under this send: it was never acknowledged
        }
        if (acked.size >= killAfter && !killed) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      }
    }
    await Promise.all(transports.map((t, n) => sender(t, n)));
    transports.forEach((t) => t.close());
    const exit = await server.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(killAfter);

    const again = await startServerProcess(dataDir, ['--max-messages', '0']);
    try {
      const list = await getJson(`${again.webUrl}api/v1/messages?limit=100000`);
      const stored = new Map<string, string>(list.messages.map((m: { ID: string; Subject: string }) => [m.ID, m.Subject]));
      const missing = [...acked.keys()].filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      for (const [id, marker] of acked) expect(stored.get(id)).toBe(marker);
      // Spot-check raw bytes of a sample of acknowledged messages.
      for (const id of [...acked.keys()].slice(-20)) {
        const raw = await (await fetch(`${again.webUrl}api/v1/message/${id}/raw`)).text();
        expect(raw).toContain(`Subject: ${acked.get(id)}`);
        expect(raw).toContain('payload line\r\npayload line');
      }
    } finally {
      expect(await stopServerProcess(again)).toEqual({ code: 0, signal: null });
    }
  }, 120_000);
});
