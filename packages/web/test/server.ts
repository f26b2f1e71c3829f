/**
 * Starts a real mailsink for a browser test: the `mailsink` command as a child process, on free
 * ports, with a data directory of its own that `close()` removes.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The server package's command; MAILSINK_BIN runs these tests against another build of it. */
const BIN = process.env.MAILSINK_BIN ?? fileURLToPath(new URL('../../server/bin/mailsink.js', import.meta.url));
const STOP_GRACE_MS = 15_000;

export interface RunningServer {
  /** The web UI's URL, ending in a slash. */
  baseUrl: string;
  smtpPort: number;
  /** Stops mailsink (SIGTERM) and starts it again on the same ports and data, as after an upgrade. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

interface Process {
  child: ChildProcessByStdio<null, Readable, Readable>;
  exited: Promise<void>;
}

function launch(smtp: string, listen: string, dataDir: string, args: readonly string[]): { process: Process; ready: Promise<{ smtp: string; web: string }> } {
  const child = spawn(
    process.execPath,
    [BIN, '--smtp', smtp, '--listen', listen, '--data-dir', dataDir, '--log-format', 'json', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<{ smtp: string; web: string }>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`;
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (typeof entry.smtp === 'string' && typeof entry.web === 'string') resolve({ smtp: entry.smtp, web: entry.web });
      } catch {
        // not a JSON log line
      }
    });
    child.once('error', reject);
    void exited.then(() => reject(new Error(`mailsink (${BIN}) exited before it was ready:\n${output}`)));
  });
  return { process: { child, exited }, ready };
}

async function stop({ child, exited }: Process, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

function port(hostPort: string): number {
  return Number(hostPort.slice(hostPort.lastIndexOf(':') + 1));
}

/** `args`: more mailsink options, e.g. `['--ui-auth', 'user:pass']`. */
export async function startServer(args: readonly string[] = []): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mailsink-web-test-'));
  let { process: current, ready } = launch('127.0.0.1:0', '127.0.0.1:0', dataDir, args);
  let banner;
  try {
    banner = await ready;
  } catch (err) {
    await stop(current, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const smtpPort = port(banner.smtp);
  const httpPort = port(new URL(banner.web).host);
  return {
    baseUrl: banner.web.endsWith('/') ? banner.web : `${banner.web}/`,
    smtpPort,
    async restart() {
      await stop(current);
      ({ process: current, ready } = launch(`127.0.0.1:${smtpPort}`, `127.0.0.1:${httpPort}`, dataDir, args));
      await ready;
    },
    async close() {
      await stop(current);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
