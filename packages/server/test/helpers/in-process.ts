/** A real mailsink (SMTP + HTTP + store on disk) started in this process on free ports. */
import { parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/log.js';
import { startMailsink, type Mailsink } from '../../src/mailsink.js';
import { makeDataDir, removeDir } from './server-process.js';

export interface TestMailsink {
  app: Mailsink;
  dataDir: string;
  smtpPort: number;
  baseUrl: string;
  /** Stops mailsink (keeping the data directory). */
  stop(): Promise<void>;
  /** Stops mailsink and removes its data directory. */
  close(): Promise<void>;
}

export async function startTestMailsink(args: string[] = [], dataDir?: string): Promise<TestMailsink> {
  const dir = dataDir ?? (await makeDataDir());
  const config = parseConfig(['--smtp', '127.0.0.1:0', '--listen', '127.0.0.1:0', '--data-dir', dir, ...args], {});
  const app = await startMailsink(config, silentLogger());
  let stopped = false;
  const stop = async () => {
    if (!stopped) await app.stop();
    stopped = true;
  };
  return {
    app,
    dataDir: dir,
    smtpPort: app.smtpAddress.port,
    baseUrl: app.webUrl.replace(/\/$/, ''),
    stop,
    async close() {
      await stop();
      await removeDir(dir);
    },
  };
}

export async function getJson<T = any>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
