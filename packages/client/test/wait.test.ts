import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailsinkError, MailsinkTimeoutError } from '../src/index.js';
import { startServer, type TestServer } from './helpers/mailsink.js';

describe('waitForMessage', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('resolves with the first matching message that arrives after the call', async () => {
    const waiting = server.client.waitForMessage('subject:"arrives later"', { timeout: '20s' });
    // A whole request to the same server after the wait was sent: by then the server holds the wait.
    await server.client.list({ limit: 1 });
    await server.sendMail({ subject: 'something else' });
    const id = await server.sendMail({ to: 'later@example.com', subject: 'It arrives later' });
    const summary = await waiting;
    expect(summary.ID).toBe(id);
    expect(summary.Subject).toBe('It arrives later');
    expect(summary.To).toEqual([{ Name: '', Address: 'later@example.com' }]);
  });

  it('with after, answers at once with the oldest match newer than that message, else waits', async () => {
    const mark = await server.sendMail({ subject: 'code mark' });
    const first = await server.sendMail({ subject: 'code one' });
    await server.sendMail({ subject: 'code two' });
    expect((await server.client.waitForMessage('subject:code', { after: mark, timeout: 5000 })).ID).toBe(first);

    const newest = (await server.client.list({ limit: 1 })).messages[0]!;
    const waiting = server.client.waitForMessage('subject:code', { after: newest, timeout: '20s' });
    const third = await server.sendMail({ subject: 'code three' });
    expect((await waiting).ID).toBe(third);
  });

  it('matches any message with an empty query', async () => {
    const mark = await server.sendMail({ subject: 'mark' });
    const next = await server.sendMail({ subject: 'anything at all' });
    expect((await server.client.waitForMessage('', { after: mark, timeout: 5000 })).ID).toBe(next);
  });

  it('throws MailsinkTimeoutError when nothing matches in time', async () => {
    const err = await server.client.waitForMessage('subject:never-sent', { timeout: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailsinkTimeoutError);
    expect(err).toBeInstanceOf(MailsinkError);
    expect((err as MailsinkTimeoutError).status).toBe(408);
    expect((err as MailsinkTimeoutError).url).toContain('/api/mailsink/v1/wait?');
    await expect(server.client.waitForMessage('subject:never-sent', { timeout: '200ms' })).rejects.toBeInstanceOf(MailsinkTimeoutError);
  });

  it('an unknown after is a 404, not a timeout', async () => {
    const err = await server.client.waitForMessage('', { after: 'nosuchmessage', timeout: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailsinkError);
    expect(err).not.toBeInstanceOf(MailsinkTimeoutError);
    expect((err as MailsinkError).status).toBe(404);
  });

  it('a bad timeout is refused with the reason', async () => {
    const err = await server.client.waitForMessage('', { timeout: 'soon' }).catch((e: unknown) => e);
    expect((err as MailsinkError).status).toBe(400);
    expect((err as MailsinkError).serverMessage).toMatch(/timeout/);
    await expect(server.client.waitForMessage('', { timeout: '10m' })).rejects.toMatchObject({ status: 400 });
    await expect(server.client.waitForMessage('', { timeout: -1 })).rejects.toThrow(RangeError);
  });

  it('stops waiting when its signal aborts', async () => {
    const controller = new AbortController();
    const waiting = server.client.waitForMessage('subject:never-sent', { timeout: '20s', signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    const aborted = AbortSignal.abort();
    await expect(server.client.waitForMessage('', { signal: aborted })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
