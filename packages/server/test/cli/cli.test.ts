import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { makeDataDir, removeDir, runMailsink, startServerProcess, stopServerProcess } from '../helpers/server-process.js';

const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('the mailsink command', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map(removeDir));
  });

  it('prints its version', async () => {
    const r = await runMailsink(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('prints help naming every option with its variable and default', async () => {
    const r = await runMailsink(['--help']);
    expect(r.code).toBe(0);
    for (const [flag, env] of [
      ['--smtp', 'MAILSINK_SMTP'],
      ['--listen', 'MAILSINK_LISTEN'],
      ['--data-dir', 'MAILSINK_DATA_DIR'],
      ['--max-messages', 'MAILSINK_MAX_MESSAGES'],
      ['--max-age', 'MAILSINK_MAX_AGE'],
      ['--max-message-size', 'MAILSINK_MAX_MESSAGE_SIZE'],
      ['--max-recipients', 'MAILSINK_MAX_RECIPIENTS'],
      ['--smtp-timeout', 'MAILSINK_SMTP_TIMEOUT'],
      ['--max-connections', 'MAILSINK_MAX_CONNECTIONS'],
      ['--log-level', 'MAILSINK_LOG_LEVEL'],
      ['--log-format', 'MAILSINK_LOG_FORMAT'],
    ]) {
      expect(r.stdout).toContain(flag!);
      expect(r.stdout).toContain(env!);
    }
    expect(r.stdout).toContain('127.0.0.1:1025');
    expect(r.stdout).toContain('50MiB');
  });

  it.each([
    [['--max-messages', 'lots'], {}, '--max-messages'],
    [['--max-age=3 weeks'], {}, '--max-age'],
    [['--max-message-size', '12XB'], {}, '--max-message-size'],
    [['--smtp', 'localhost:99999'], {}, '--smtp'],
    [['--listen', 'nonsense'], {}, '--listen'],
    [['--log-level', 'loud'], {}, '--log-level'],
    [['--smtp-timeout'], {}, '--smtp-timeout'],
    [['--no-such-option', '1'], {}, '--no-such-option'],
    [[], { MAILSINK_MAX_RECIPIENTS: '-5' }, 'MAILSINK_MAX_RECIPIENTS'],
    [[], { MAILSINK_LOG_FORMAT: 'xml' }, 'MAILSINK_LOG_FORMAT'],
  ] as const)('refuses to start on a bad value and names it: %j %j', async (args, env, named) => {
    const r = await runMailsink([...args], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(named);
    expect(r.stderr).toMatch(/mailsink --help/);
  });

  it('prints a banner with the SMTP address, the web URL and the data directory, and exits 0 on SIGTERM', async () => {
    const dataDir = await makeDataDir();
    dirs.push(dataDir);
    const server = await startServerProcess(dataDir);
    const banner = server.logs.find((l) => typeof l.smtp === 'string')!;
    expect(banner.msg).toContain(`SMTP  127.0.0.1:${server.smtpPort}`);
    expect(banner.msg).toContain(`Web   ${server.webUrl}`);
    expect(banner.msg).toContain(dataDir);
    expect(await stopServerProcess(server)).toEqual({ code: 0, signal: null });
  });

  it('names the option when its address is already in use', async () => {
    const dataDir = await makeDataDir();
    const otherDir = await makeDataDir();
    dirs.push(dataDir, otherDir);
    const first = await startServerProcess(dataDir);
    try {
      const r = await runMailsink([
        '--smtp', `127.0.0.1:${first.smtpPort}`, '--listen', '127.0.0.1:0', '--data-dir', otherDir, '--log-format', 'json',
      ]);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toContain('--smtp');
      expect(r.stdout + r.stderr).toContain('already in use');
    } finally {
      await stopServerProcess(first);
    }
  });
});
