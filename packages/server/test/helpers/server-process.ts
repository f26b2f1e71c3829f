/**
 * Runs the real `mailsink` command (bin/mailsink.js over the built dist/) as a child process,
 * on free ports, with a data directory of the test's own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';

export const BIN = fileURLToPath(new URL('../../bin/mailsink.js', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  smtpPort: number;
  webUrl: string;
  dataDir: string;
  /** Every JSON log line the server printed so far. */
  logs: Array<Record<string, unknown>>;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'mailsink-test-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Runs mailsink to completion (for --help, --version, bad options): stdout, stderr, exit code. */
export function runMailsink(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts mailsink and waits for its start-up banner (JSON logs). */
export function startServerProcess(dataDir: string, extraArgs: string[] = []): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [BIN, '--smtp', '127.0.0.1:0', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--log-format', 'json', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (typeof entry.smtp === 'string' && typeof entry.web === 'string') {
        const smtpPort = Number(entry.smtp.split(':').pop());
        resolve({ child, smtpPort, webUrl: entry.web, dataDir, logs, exited });
      }
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`mailsink exited (code ${code}, signal ${signal}) before starting:\n${stderr}\n${logs.map((l) => l.msg).join('\n')}`)),
    );
  });
}

/** Sends SIGTERM and waits for the exit. */
export async function stopServerProcess(server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  return server.exited;
}
