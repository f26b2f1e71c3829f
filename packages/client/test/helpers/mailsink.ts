/** A real mailsink (SMTP + HTTP + store in a temp dir) started in this process, plus a client for it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { parseConfig, silentLogger, startMailsink, type Mailsink } from '@mailsink/server';
import { MailsinkClient } from '../../src/index.js';

export interface TestServer {
  app: Mailsink;
  baseUrl: string;
  client: MailsinkClient;
  /** Sends over SMTP with nodemailer; resolves with the stored message's ID. */
  sendMail(options: SendMailOptions): Promise<string>;
  close(): Promise<void>;
}

export async function startServer(args: string[] = []): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mailsink-client-'));
  let app: Mailsink;
  try {
    const config = parseConfig(['--smtp', '127.0.0.1:0', '--listen', '127.0.0.1:0', '--data-dir', dataDir, ...args], {});
    app = await startMailsink(config, silentLogger());
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const baseUrl = app.webUrl.replace(/\/$/, '');
  const transport: Transporter = nodemailer.createTransport({
    host: '127.0.0.1',
    port: app.smtpAddress.port,
    secure: false,
    ignoreTLS: true,
  });
  return {
    app,
    baseUrl,
    client: new MailsinkClient({ baseUrl }),
    async sendMail(options) {
      const info = await transport.sendMail({ from: 'app@example.com', to: 'user@example.com', ...options });
      const queued = /queued as (\S+)/.exec(info.response ?? '');
      if (!queued) throw new Error(`unexpected SMTP reply: ${info.response}`);
      return queued[1]!;
    },
    async close() {
      transport.close();
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
