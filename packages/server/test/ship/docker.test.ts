/**
 * No Docker engine runs here, so the image is checked piece by piece: the Dockerfile lints clean,
 * docker-compose.yml validates, and what the Dockerfile and the compose demo run is run here
 * outside Docker (the build itself is `pnpm build`, which precedes the tests).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, readdir, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { getJson, startTestMailsink } from '../helpers/in-process.js';
import { makeDataDir, removeDir } from '../helpers/server-process.js';
import { runCommand, startListening } from './run-command.js';

const exec = promisify(execFile);
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const SERVER_BIN = fileURLToPath(new URL('../../bin/mailsink.js', import.meta.url));

/** A PATH with a `mailsink` symlink first, as the image's /usr/local/bin/mailsink. */
async function pathWithMailsink(dir: string, target: string): Promise<string> {
  const bin = path.join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  await symlink(target, path.join(bin, 'mailsink'));
  return [bin, path.dirname(process.execPath), process.env.PATH].join(path.delimiter);
}

describe('the Docker image and docker-compose.yml', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map(removeDir));
  });
  async function tempDir() {
    const dir = await makeDataDir();
    dirs.push(dir);
    return dir;
  }

  it('docker-compose.yml validates with docker-compose and the Dockerfile lints clean (scripts/check-docker.sh)', async () => {
    const r = await runCommand([], { command: ['bash', path.join(REPO, 'scripts', 'check-docker.sh')] });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('docker-compose.yml is valid');
    expect(r.stdout).toContain('Dockerfile lints clean');
  }, 180_000);

  it('deploys as the Dockerfile does, runs as a non-root user on a data folder it owns, and passes the healthcheck', async () => {
    if (process.getuid?.() !== 0) {
      throw new Error('this test switches to the "nobody" user with setpriv and so must run as root (CI does)');
    }
    const dir = await tempDir();
    await chmod(dir, 0o755);
    const app = path.join(dir, 'app');
    await exec('pnpm', ['--filter', '@mailsink/server', 'deploy', '--prod', '--legacy', app], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
    const PATH = await pathWithMailsink(dir, path.join(app, 'bin', 'mailsink.js'));
    const data = path.join(dir, 'data');
    await mkdir(data);
    const nobody = Number((await exec('id', ['-u', 'nobody'])).stdout.trim());
    const nogroup = Number((await exec('id', ['-g', 'nobody'])).stdout.trim());
    await chown(data, nobody, nogroup);

    // The image's ENTRYPOINT ["mailsink"] with its ENV, on loopback and free ports instead of 0.0.0.0:1025/8025.
    // setpriv execs (unlike runuser, which stays as a parent), so signals and exit codes are mailsink's own.
    const asNobody = (...command: string[]) => [
      'setpriv', `--reuid=${nobody}`, `--regid=${nogroup}`, '--clear-groups', 'env', '-i', `PATH=${PATH}`, 'NODE_ENV=production', `MAILSINK_DATA_DIR=${data}`, ...command,
    ];
    const server = await startListening(asNobody('MAILSINK_SMTP=127.0.0.1:0', 'MAILSINK_LISTEN=127.0.0.1:0', 'mailsink'));
    try {
      const files = await readdir(data);
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect((await stat(path.join(data, f))).uid).toBe(nobody);

      // HEALTHCHECK CMD ["mailsink", "healthcheck"] with the image's 0.0.0.0 addresses.
      const port = new URL(server.webUrl).port;
      const health = await runCommand([], {
        command: asNobody(`MAILSINK_SMTP=0.0.0.0:${server.smtpPort}`, `MAILSINK_LISTEN=0.0.0.0:${port}`, 'mailsink', 'healthcheck'),
      });
      expect(health.code, health.stderr).toBe(0);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 180_000);

  it("the compose demo app's start-up script hands its mail to mailsink through sendmail", async () => {
    const ms = await startTestMailsink();
    try {
      const dir = await tempDir();
      const r = await runCommand([], {
        command: ['sh', path.join(REPO, 'examples', 'hello-app', 'send-welcome.sh')],
        env: { PATH: await pathWithMailsink(dir, SERVER_BIN), MAILSINK_SMTP: `127.0.0.1:${ms.smtpPort}` },
      });
      expect(r.code, r.stderr).toBe(0);
      const list = await getJson(`${ms.baseUrl}/api/v1/messages`);
      expect(list.messages.map((m: { Subject: string }) => m.Subject)).toEqual(['Welcome to the demo app']);
      expect(list.messages[0].To).toEqual([{ Name: 'New User', Address: 'user@example.test' }]);
    } finally {
      await ms.close();
    }
  });
});
