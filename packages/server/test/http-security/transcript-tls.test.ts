import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthcheck } from '../../src/commands/healthcheck.js';
import { startTestMailsink, type TestMailsink } from '../helpers/in-process.js';

describe('GET /api/mailsink/v1/message/{ID}/transcript', () => {
  let ms: TestMailsink;
  beforeAll(async () => {
    ms = await startTestMailsink();
  });
  afterAll(async () => {
    await ms.close();
  });

  it('answers 404 JSON for an unknown ID and an empty text body for a message without transcript', async () => {
    const missing = await fetch(`${ms.baseUrl}/api/mailsink/v1/message/nosuchid/transcript`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ Error: 'no message with ID nosuchid' });

    const sent = await fetch(`${ms.baseUrl}/api/v1/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ From: { Email: 'a@example.com' }, To: [{ Email: 'b@example.com' }], Subject: 'no smtp' }),
    });
    const { ID } = (await sent.json()) as { ID: string };
    const res = await fetch(`${ms.baseUrl}/api/mailsink/v1/message/${ID}/transcript`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('');
  });
});

describe('HTTPS (--listen-tls-cert, --listen-tls-key)', () => {
  let dir: string;
  let cert: string;
  let key: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mailsink-https-'));
    cert = path.join(dir, 'cert.pem');
    key = path.join(dir, 'key.pem');
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert,
    ]);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the UI and API over TLS and says https in its URL', async () => {
    const ms = await startTestMailsink(['--listen-tls-cert', cert, '--listen-tls-key', key]);
    try {
      expect(ms.app.webUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
      const ca = await readFile(cert);
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        https.get(`${ms.baseUrl}/api/v1/messages`, { ca }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }).on('error', reject);
      });
      expect(status).toBe(200);
      expect(JSON.parse(body)).toMatchObject({ total: 0 });
      await expect(fetch(ms.baseUrl.replace('https:', 'http:') + '/livez')).rejects.toThrow();
      // `mailsink healthcheck` follows the server onto HTTPS, by flag or by the server's own variable.
      const listen = ms.baseUrl.replace('https://', '');
      const smtp = `127.0.0.1:${ms.smtpPort}`;
      expect(await healthcheck(['--smtp', smtp, '--listen', listen, '--https'], {})).toBe(0);
      expect(await healthcheck(['--smtp', smtp, '--listen', listen], { MAILSINK_LISTEN_TLS_CERT: cert, MAILSINK_LISTEN_TLS_KEY: key })).toBe(0);
    } finally {
      await ms.close();
    }
  });

  it('refuses to start with a key that is not PEM, naming the options', async () => {
    const bad = path.join(dir, 'bad.pem');
    await writeFile(bad, 'not a key');
    await expect(startTestMailsink(['--listen-tls-cert', cert, '--listen-tls-key', bad])).rejects.toThrow(/--listen-tls-cert\/--listen-tls-key: .*bad\.pem/);
  });
});
