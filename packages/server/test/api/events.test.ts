import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestMailsink, type TestMailsink } from '../helpers/in-process.js';
import { sendMail } from '../helpers/mail.js';

let ms: TestMailsink;
beforeAll(async () => {
  ms = await startTestMailsink();
});
afterAll(async () => {
  await ms.close();
});

interface Frame {
  Type: string;
  Data: any;
}

/** Opens /api/events and collects frames; `next(type)` waits for the next frame of that type. */
async function listen(headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${ms.baseUrl.replace('http', 'ws')}/api/events`, { headers });
  const frames: Frame[] = [];
  const waiters: Array<{ type: string; resolve: (f: Frame) => void }> = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    const i = waiters.findIndex((w) => w.type === frame.Type);
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(frame);
    else frames.push(frame);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    next(type: string): Promise<Frame> {
      const i = frames.findIndex((f) => f.Type === type);
      if (i >= 0) return Promise.resolve(frames.splice(i, 1)[0]!);
      return new Promise((resolve) => waiters.push({ type, resolve }));
    },
  };
}

function rejectedStatus(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${ms.baseUrl.replace('http', 'ws')}/api/events`, { headers });
    ws.on('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    ws.on('open', () => reject(new Error('the socket opened')));
    ws.on('error', () => {});
  });
}

describe('GET /api/events', () => {
  it('sends new, update, delete, truncate and stats frames in Mailpit\'s shapes', async () => {
    const events = await listen();
    const id = await sendMail(ms.smtpPort, { from: 'a@example.com', to: 'b@example.com', subject: 'live', text: 'x' });
    const created = await events.next('new');
    expect(created.Data.ID).toBe(id);
    expect(created.Data.Subject).toBe('live');
    expect(Object.keys(created.Data)).toContain('Snippet');
    const stats = await events.next('stats');
    expect(stats.Data).toMatchObject({ Total: 1, Unread: 1 });
    expect(typeof stats.Data.Version).toBe('string');

    await fetch(`${ms.baseUrl}/api/v1/message/${id}`);
    expect((await events.next('update')).Data).toEqual({ ID: id, Read: true });
    await fetch(`${ms.baseUrl}/api/v1/tags`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ IDs: [id], Tags: ['x'] }),
    });
    expect((await events.next('update')).Data).toEqual({ ID: id, Tags: ['x'] });
    await fetch(`${ms.baseUrl}/api/v1/messages`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ IDs: [id] }),
    });
    expect((await events.next('delete')).Data).toEqual({ ID: id });
    await fetch(`${ms.baseUrl}/api/v1/messages`, { method: 'DELETE' });
    expect((await events.next('truncate')).Data).toBeNull();
    events.ws.close();
  });

  it('sends an error frame when an SMTP client is refused', async () => {
    const small = await startTestMailsink(['--max-message-size', '1KB']);
    try {
      const ws = new WebSocket(`${small.baseUrl.replace('http', 'ws')}/api/events`);
      const frame = new Promise<Frame>((resolve) => ws.on('message', (d) => {
        const f = JSON.parse(d.toString()) as Frame;
        if (f.Type === 'error') resolve(f);
      }));
      await new Promise((r) => ws.once('open', r));
      await expect(sendMail(small.smtpPort, { from: 'a@example.com', to: 'b@example.com', text: 'x'.repeat(5000) })).rejects.toThrow();
      expect((await frame).Data).toMatchObject({ Level: expect.any(String), IP: '127.0.0.1', Message: expect.any(String) });
      ws.close();
    } finally {
      await small.close();
    }
  });

  it('accepts a page of its own origin and refuses a foreign Origin with 403', async () => {
    const own = await listen({ Origin: ms.baseUrl });
    own.ws.close();
    expect(await rejectedStatus({ Origin: 'https://evil.example' })).toBe(403);
    expect(await rejectedStatus({ Origin: 'null' })).toBe(403);
  });

  it('refuses a dotted Host name that is not loopback (DNS rebinding) on the socket and the API, and serves a compose service name', async () => {
    expect(await rejectedStatus({ Host: 'rebind.evil.example' })).toBe(403);
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request(`${ms.baseUrl}/api/v1/messages`, { headers: { Host: 'rebind.evil.example:8025' }, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).end();
    });
    expect(status).toBe(403);
    const serviceName = await new Promise<number>((resolve) => {
      request(`${ms.baseUrl}/api/v1/messages`, { headers: { Host: 'mailsink:8025' }, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).end();
    });
    expect(serviceName).toBe(200);
  });
});
