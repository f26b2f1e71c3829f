/** Rules and chaos set through the HTTP API change what the SMTP receiver answers. */
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestMailsink, type TestMailsink } from '../helpers/in-process.js';

let ms: TestMailsink;
beforeAll(async () => {
  ms = await startTestMailsink(['--enable-chaos']);
});
afterEach(async () => {
  await fetch(`${ms.baseUrl}/api/mailsink/v1/faults`, { method: 'DELETE' });
  await fetch(`${ms.baseUrl}/api/v1/chaos`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
});
afterAll(async () => {
  await ms.close();
});

async function addRule(rule: unknown): Promise<void> {
  const res = await fetch(`${ms.baseUrl}/api/mailsink/v1/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  expect(res.status).toBe(201);
}

/** Resolves with the server's final reply, or rejects with nodemailer's error (responseCode, response). */
async function send(to: string): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: ms.smtpPort, secure: false, ignoreTLS: true });
  try {
    return (await transport.sendMail({ from: 'app@example.com', to, subject: 'fault test', text: 'x' })).response;
  } finally {
    transport.close();
  }
}

it('rejects a recipient matching a rule and reports it on the WebSocket', async () => {
  await addRule({ Type: 'reject', Stage: 'rcpt', Pattern: '*@blocked.example', Code: 550, Text: 'No such user here' });
  const ws = new WebSocket(`${ms.baseUrl.replace('http', 'ws')}/api/events`);
  const frames: Array<{ Type: string; Data: any }> = [];
  ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  try {
    await expect(send('joe@blocked.example')).rejects.toMatchObject({ responseCode: 550, response: expect.stringContaining('No such user here') });
    await expect(send('joe@fine.example')).resolves.toMatch(/^250/);
    await expect.poll(() => frames.filter((f) => f.Type === 'error').length).toBeGreaterThan(0);
  } finally {
    ws.close();
  }
});

it('greylists a recipient once, then accepts it', async () => {
  await addRule({ Type: 'greylist', Attempts: 1 });
  await expect(send('new@example.com')).rejects.toMatchObject({ responseCode: 451 });
  await expect(send('new@example.com')).resolves.toMatch(/^250/);
});

it('answers Mailpit\'s chaos error at MAIL FROM when the trigger is certain', async () => {
  const res = await fetch(`${ms.baseUrl}/api/v1/chaos`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Sender: { ErrorCode: 452, Probability: 100 } }),
  });
  expect(res.status).toBe(200);
  await expect(send('dev@example.com')).rejects.toMatchObject({ responseCode: 452, response: expect.stringContaining('Chaos sender error') });
});
