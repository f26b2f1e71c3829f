/**
 * `npx`-style use: the packed @mailsink/server installs into an empty folder with plain npm (its
 * dependencies come from the npm registry) and runs from there with the web UI.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { makeDataDir, removeDir } from '../helpers/server-process.js';
import { runCommand, startListening } from './run-command.js';

const exec = promisify(execFile);
const SERVER_DIR = fileURLToPath(new URL('../../', import.meta.url));
const WEB_INDEX = fileURLToPath(new URL('../../../web/dist/index.html', import.meta.url));

describe('the packed package', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map(removeDir));
  });

  it('installs from its tarball with npm, prints its version and serves the API and the web UI', async () => {
    const built = await stat(path.join(SERVER_DIR, 'dist', 'web', 'index.html')).catch(() => undefined);
    expect(built, 'dist/web/index.html is missing: run "pnpm build" at the top of the repository first').toBeDefined();

    const dir = await makeDataDir();
    dirs.push(dir);
    await exec('pnpm', ['pack', '--pack-destination', dir], { cwd: SERVER_DIR });
    const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const app = path.join(dir, 'app');
    await mkdir(app);
    await exec('npm', ['init', '-y'], { cwd: app });
    await exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', path.join(dir, tarball!)], {
      cwd: app,
      maxBuffer: 16 * 1024 * 1024,
    });
    const bin = path.join(app, 'node_modules', '.bin', 'mailsink');
    const pkg = JSON.parse(await readFile(path.join(SERVER_DIR, 'package.json'), 'utf8')) as { version: string };

    const version = await runCommand(['--version'], { command: [bin] });
    expect(version.stdout.trim()).toBe(pkg.version);

    const server = await startListening([bin, '--smtp', '127.0.0.1:0', '--listen', '127.0.0.1:0', '--data-dir', path.join(dir, 'data')]);
    try {
      const page = await fetch(server.webUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe(await readFile(WEB_INDEX, 'utf8'));
      const list = await fetch(new URL('api/v1/messages', server.webUrl));
      expect(((await list.json()) as { total: number }).total).toBe(0);

      const health = await runCommand(['healthcheck', '--smtp', `127.0.0.1:${server.smtpPort}`, '--listen', new URL(server.webUrl).host], {
        command: [bin],
      });
      expect(health.code, health.stderr).toBe(0);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 240_000);
});

