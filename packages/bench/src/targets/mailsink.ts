/** Runs the real `mailsink` command (packages/server/bin/mailsink.js over its built bundle). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { spawnTracked, stopChild } from './processes.js';
import type { Target, TargetApi } from './target.js';

const BIN = fileURLToPath(new URL('../../../server/bin/mailsink.js', import.meta.url));
const DIST = fileURLToPath(new URL('../../../server/dist/bundle/cli.js', import.meta.url));

export function checkMailsinkBuilt(): void {
  if (!existsSync(DIST)) throw new Error(`mailsink is not built (${DIST} is missing): run "pnpm -s build" at the repo root`);
}

export interface MailsinkOptions {
  dataDir: string;
  /** Extra `node` flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

const START_TIMEOUT_MS = 120_000;

export async function startMailsink({ dataDir, nodeArgs = [] }: MailsinkOptions): Promise<Target> {
  const args = [...nodeArgs, BIN, '--smtp', '127.0.0.1:0', '--listen', '127.0.0.1:0', '--data-dir', dataDir,
    '--log-format', 'json', '--max-messages', '0'];
  const started = performance.now();
  const child = spawnTracked(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const lines = readline.createInterface({ input: child.stdout! });
  const banner = await new Promise<{ smtp: string; web: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mailsink did not start within ${START_TIMEOUT_MS / 1000}s`)), START_TIMEOUT_MS);
    lines.on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (typeof entry.smtp === 'string' && typeof entry.web === 'string') {
        clearTimeout(timer);
        resolve({ smtp: entry.smtp, web: entry.web });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`mailsink exited (code ${code}, signal ${signal}) before starting:\n${stderr}`));
    });
  }).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  const startupMs = performance.now() - started;
  // Keep draining its logs without parsing them in the load generator's process.
  // (readline's close() pauses the stream: resume it, or mailsink's writes pile up unread.)
  lines.close();
  child.stdout!.resume();
  const baseUrl = banner.web.replace(/\/$/, '');
  return {
    name: 'mailsink',
    smtpPort: Number(banner.smtp.split(':').pop()),
    pid: child.pid!,
    startupMs,
    api: mailsinkApi(baseUrl),
    stop: () => stopChild(child),
  };
}

function mailsinkApi(baseUrl: string): TargetApi {
  const q = encodeURIComponent;
  return {
    baseUrl,
    page: (skip, limit) => `${baseUrl}/api/v1/messages?start=${skip}&limit=${limit}`,
    idsIn: (body) => (JSON.parse(body) as { messages: Array<{ ID: string }> }).messages.map((m) => m.ID),
    message: (id) => `${baseUrl}/api/v1/message/${q(id)}`,
    rawMessage: (id) => `${baseUrl}/api/v1/message/${q(id)}/raw`,
    search: (query) => `${baseUrl}/api/v1/search?query=${q(query)}&limit=50`,
    wait: (query) => `${baseUrl}/api/mailsink/v1/wait?query=${q(query)}&timeout=30s`,
  };
}
