import { afterAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { healthRoutes } from '../../src/api/health-routes.js';
import { makeDataDir, removeDir, startServerProcess, stopServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runCommand } from './run-command.js';

describe('mailsink healthcheck and the health endpoints', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map(removeDir));
  });

  async function start(): Promise<ServerProcess> {
    const dir = await makeDataDir();
    dirs.push(dir);
    return startServerProcess(dir);
  }

  it('exits 0 while the server is up, then 1 naming both listeners once it has stopped', async () => {
    const server = await start();
    const smtp = `127.0.0.1:${server.smtpPort}`;
    const listen = new URL(server.webUrl).host;

    const up = await runCommand(['healthcheck', '--smtp', smtp, '--listen', listen]);
    expect(up, up.stderr).toMatchObject({ code: 0, stderr: '' });

    // The container's own variables work as they are: 0.0.0.0 is checked on 127.0.0.1.
    const viaEnv = await runCommand(['healthcheck'], {
      env: { MAILSINK_SMTP: `0.0.0.0:${server.smtpPort}`, MAILSINK_LISTEN: `0.0.0.0:${new URL(server.webUrl).port}` },
    });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);

    expect(await stopServerProcess(server)).toEqual({ code: 0, signal: null });
    const down = await runCommand(['healthcheck', '--smtp', smtp, '--listen', listen, '--timeout', '3']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`SMTP ${smtp}`);
    expect(down.stderr).toContain(`http://${listen}/readyz`);
  });

  it('exits 1 when only one of the two answers', async () => {
    const server = await start();
    try {
      const r = await runCommand(['healthcheck', '--smtp', '127.0.0.1:1', '--listen', new URL(server.webUrl).host]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('SMTP 127.0.0.1:1');
      expect(r.stderr).not.toContain('readyz');
    } finally {
      await stopServerProcess(server);
    }
  });

  it('exits 2 for a bad option value, naming it', async () => {
    const r = await runCommand(['healthcheck', '--smtp', 'nonsense']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--smtp');
  });

  it('answers GET /livez and GET /readyz with {"status":"ok"}', async () => {
    const server = await start();
    try {
      for (const route of ['livez', 'readyz']) {
        const res = await fetch(new URL(route, server.webUrl));
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(await res.json()).toEqual({ status: 'ok' });
      }
    } finally {
      await stopServerProcess(server);
    }
  });

  it('answers /readyz 503 once mailsink stops accepting, while /livez stays 200', async () => {
    let ready = true;
    const app = Fastify();
    await app.register(healthRoutes, { isReady: () => ready });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      ready = false;
      const res = await fetch(`${base}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'stopping' });
      expect((await fetch(`${base}/livez`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
