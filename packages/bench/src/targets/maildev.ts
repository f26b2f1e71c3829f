/**
 * MailDev, the peer: installed from the npm registry into a cache directory outside the repo on
 * first use (it is not a dependency of mailsink), run on free ports on 127.0.0.1. It keeps mail
 * in memory (no --mail-directory), so it writes nothing to disk.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { httpGet } from '../measure/http.js';
import { freePort } from './ports.js';
import { spawnTracked, stopChild } from './processes.js';
import type { Target, TargetApi } from './target.js';

export const MAILDEV_VERSION = '3.0.0';

const START_TIMEOUT_MS = 60_000;

function installDir(): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'mailsink-bench', `maildev-${MAILDEV_VERSION}`);
}

function binPath(): string {
  return path.join(installDir(), 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js');
}

/** Installs the pinned MailDev into the cache directory if it is not there yet. */
export async function ensureMaildev(): Promise<string> {
  if (existsSync(binPath())) return binPath();
  const dir = installDir();
  mkdirSync(dir, { recursive: true });
  console.log(`Installing maildev@${MAILDEV_VERSION} into ${dir} (first run only)…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await promisify(execFile)(npm, ['install', '--prefix', dir, `maildev@${MAILDEV_VERSION}`, '--no-audit', '--no-fund', '--loglevel=error'], {
    timeout: 300_000,
  });
  if (!existsSync(binPath())) throw new Error(`npm installed maildev but ${binPath()} is missing`);
  return binPath();
}

export async function startMaildev(): Promise<Target> {
  const bin = await ensureMaildev();
  const [smtpPort, webPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const child = spawnTracked(
    process.execPath,
    [bin, '--smtp', String(smtpPort), '--ip', '127.0.0.1', '--web', String(webPort), '--web-ip', '127.0.0.1'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const baseUrl = `http://127.0.0.1:${webPort}`;
  while (!(await answers(`${baseUrl}/api/healthz`)) || !(await greets(smtpPort))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`maildev exited before starting:\n${stderr}`);
    if (performance.now() - started > START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`maildev did not start within ${START_TIMEOUT_MS / 1000}s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    name: 'maildev',
    smtpPort,
    pid: child.pid!,
    startupMs: performance.now() - started,
    api: maildevApi(baseUrl),
    stop: () => stopChild(child),
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await httpGet(url, 2000)).status === 200;
  } catch {
    return false;
  }
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(2000, () => socket.destroy());
    socket.once('data', (chunk: Buffer) => {
      socket.end('QUIT\r\n');
      resolve(chunk.toString('latin1').startsWith('220'));
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

function maildevApi(baseUrl: string): TargetApi {
  const q = encodeURIComponent;
  return {
    baseUrl,
    page: (skip, limit) => `${baseUrl}/api/email/summary?skip=${skip}&limit=${limit}`,
    idsIn: (body) => (JSON.parse(body) as { items: Array<{ id: string }> }).items.map((m) => m.id),
    message: (id) => `${baseUrl}/api/email/${q(id)}`,
    search: (query) => `${baseUrl}/api/email/summary?search=${q(query)}&limit=50`,
  };
}
