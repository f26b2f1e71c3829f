import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestMailsink, type TestMailsink } from '../helpers/in-process.js';

const ALICE = `Basic ${Buffer.from('alice:s3cret:with:colons').toString('base64')}`;
const BOB = `Basic ${Buffer.from('bob:hunter2').toString('base64')}`;
const WRONG = `Basic ${Buffer.from('alice:nope').toString('base64')}`;
const APP_ORIGIN = 'http://localhost:3000';

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opens. */
function socketStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => {});
  });
}

const sendBody = (subject: string) => JSON.stringify({ From: { Email: 'app@example.com' }, To: [{ Email: 'dev@example.com' }], Subject: subject });

describe('basic auth (--ui-auth, --ui-auth-file) and CORS (--cors)', () => {
  let ms: TestMailsink;
  let wsUrl: string;
  beforeAll(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mailsink-ui-auth-'));
    const file = path.join(dir, 'users');
    await writeFile(file, '# users\nbob:hunter2\n');
    try {
      ms = await startTestMailsink(['--ui-auth', 'alice:s3cret:with:colons', '--ui-auth-file', file, '--cors', APP_ORIGIN]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    wsUrl = `${ms.baseUrl.replace('http', 'ws')}/api/events`;
  });
  afterAll(async () => {
    await ms.close();
  });

  it('answers 401 with a challenge without or with wrong credentials, on the UI, /api, /view and docs', async () => {
    for (const p of ['/', '/api/v1/messages', '/view/latest.html', '/api/openapi.json', '/api/mailsink/v1/faults', '/some/client/route']) {
      for (const headers of [{}, { authorization: WRONG }, { authorization: 'Basic !!!' }] as Array<Record<string, string>>) {
        const res = await fetch(`${ms.baseUrl}${p}`, { headers });
        expect(res.status, `${p} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="mailsink"/);
      }
    }
  });

  it('serves every user of the option and of the file', async () => {
    for (const authorization of [ALICE, BOB]) {
      const res = await fetch(`${ms.baseUrl}/api/v1/messages`, { headers: { authorization } });
      expect(res.status).toBe(200);
    }
  });

  it('leaves the health checks open', async () => {
    expect((await fetch(`${ms.baseUrl}/livez`)).status).toBe(200);
    expect((await fetch(`${ms.baseUrl}/readyz`)).status).toBe(200);
  });

  it('guards the WebSocket', async () => {
    expect(await socketStatus(wsUrl, {})).toBe(401);
    expect(await socketStatus(wsUrl, { authorization: WRONG })).toBe(401);
    expect(await socketStatus(wsUrl, { authorization: BOB })).toBe(101);
  });

  it('records the authenticated user as the Username of a message sent through /api/v1/send', async () => {
    const res = await fetch(`${ms.baseUrl}/api/v1/send`, {
      method: 'POST',
      headers: { authorization: BOB, 'content-type': 'application/json' },
      body: sendBody('by bob'),
    });
    expect(res.status).toBe(200);
    const { ID } = (await res.json()) as { ID: string };
    const message = (await (await fetch(`${ms.baseUrl}/api/v1/message/${ID}`, { headers: { authorization: BOB } })).json()) as any;
    expect(message.Username).toBe('bob');
    const list = (await (await fetch(`${ms.baseUrl}/api/v1/messages`, { headers: { authorization: ALICE } })).json()) as any;
    expect(list.messages.find((m: any) => m.ID === ID).Username).toBe('bob');
  });

  it('gives CORS headers to a configured origin only, and answers its preflight without credentials', async () => {
    const allowed = await fetch(`${ms.baseUrl}/api/v1/messages`, { headers: { authorization: ALICE, origin: APP_ORIGIN } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const foreign = await fetch(`${ms.baseUrl}/api/v1/messages`, { headers: { authorization: ALICE, origin: 'http://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

    const preflight = await fetch(`${ms.baseUrl}/api/v1/messages`, {
      method: 'OPTIONS',
      headers: { origin: APP_ORIGIN, 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('DELETE');
  });

  it('lets a configured origin change state and open the WebSocket; a foreign one gets 403', async () => {
    const post = (origin: string) => fetch(`${ms.baseUrl}/api/v1/send`, {
      method: 'POST',
      headers: { authorization: ALICE, origin, 'content-type': 'application/json' },
      body: sendBody(`from ${origin}`),
    });
    expect((await post(APP_ORIGIN)).status).toBe(200);
    const refused = await post('http://evil.example');
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('Origin not allowed');
    expect(await socketStatus(wsUrl, { authorization: ALICE, origin: APP_ORIGIN })).toBe(101);
    expect(await socketStatus(wsUrl, { authorization: ALICE, origin: 'http://evil.example' })).toBe(403);
  });
});

describe('state-changing requests from a foreign page (no auth, no CORS)', () => {
  let ms: TestMailsink;
  beforeAll(async () => {
    ms = await startTestMailsink();
  });
  afterAll(async () => {
    await ms.close();
  });

  async function count(): Promise<number> {
    return ((await (await fetch(`${ms.baseUrl}/api/v1/messages`)).json()) as any).total;
  }

  it('refuses POST, PUT and DELETE with a foreign Origin and changes nothing', async () => {
    const id = ((await (await fetch(`${ms.baseUrl}/api/v1/send`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: sendBody('kept'),
    })).json()) as { ID: string }).ID;
    const evil = { origin: 'http://evil.example', 'content-type': 'application/json' };
    const attempts = [
      fetch(`${ms.baseUrl}/api/v1/send`, { method: 'POST', headers: evil, body: sendBody('forged') }),
      fetch(`${ms.baseUrl}/api/v1/messages`, { method: 'PUT', headers: evil, body: JSON.stringify({ IDs: [id], Read: true }) }),
      fetch(`${ms.baseUrl}/api/v1/messages`, { method: 'DELETE', headers: evil, body: JSON.stringify({}) }),
      fetch(`${ms.baseUrl}/api/mailsink/v1/faults`, { method: 'DELETE', headers: { origin: 'null' } }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status).toBe(403);
    expect(await count()).toBe(1);
    expect(((await (await fetch(`${ms.baseUrl}/api/v1/messages`)).json()) as any).messages[0].Read).toBe(false);
  });

  it('allows them without Origin and from the page\'s own origin; reads are never refused', async () => {
    const own = new URL(ms.baseUrl).origin;
    const res = await fetch(`${ms.baseUrl}/api/v1/send`, {
      method: 'POST', headers: { origin: own, 'content-type': 'application/json' }, body: sendBody('own page'),
    });
    expect(res.status).toBe(200);
    expect((await fetch(`${ms.baseUrl}/api/v1/messages`, { headers: { origin: 'http://evil.example' } })).status).toBe(200);
    const del = await fetch(`${ms.baseUrl}/api/v1/messages`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(await count()).toBe(0);
  });

  it('sends no CORS headers when --cors is not given', async () => {
    const res = await fetch(`${ms.baseUrl}/api/v1/messages`, { headers: { origin: 'http://localhost:3000' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves the UI with a CSP without inline scripts, no framing and no referrer', async () => {
    for (const p of ['/', '/some/client/route']) {
      const res = await fetch(`${ms.baseUrl}${p}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      const script = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1] ?? '';
      expect(script).toContain("'self'");
      expect(script).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});
