/** Runs the real `mailsink` command (bin/mailsink.js) with stdin, env and optionally as another user. */
import { spawn } from 'node:child_process';
import { BIN } from '../helpers/server-process.js';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** The program and leading arguments; default: this node running bin/mailsink.js. */
  command?: string[];
}

export function runCommand(args: string[], options: RunOptions = {}): Promise<CommandResult> {
  const [program, ...lead] = options.command ?? [process.execPath, BIN];
  return new Promise((resolve, reject) => {
    const child = spawn(program!, [...lead, ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {}); // a command that exits before reading all of stdin
    child.stdin.end(options.input ?? '');
  });
}

export interface Listening {
  smtpPort: number;
  webUrl: string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts a long-running mailsink through any command line (an installed bin, runuser, …) and
 * waits for its JSON start-up banner.
 */
export function startListening(command: string[], env: NodeJS.ProcessEnv = {}): Promise<Listening> {
  const [program, ...args] = command;
  const child = spawn(program!, args, { env: { ...process.env, MAILSINK_LOG_FORMAT: 'json', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      for (const line of output.split('\n')) {
        const banner = /^\{.*"smtp":"[^"]*:(\d+)".*"web":"([^"]+)"/.exec(line);
        if (!banner) continue;
        resolve({
          smtpPort: Number(banner[1]),
          webUrl: banner[2]!,
          stop: () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`${command.join(' ')} exited with ${code} before starting:\n${output}`)));
  });
}
