import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMailsink, type TestMailsink } from '../helpers/in-process.js';

const put = (ms: TestMailsink, body: unknown) =>
  fetch(`${ms.baseUrl}/api/v1/chaos`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('/api/v1/chaos without --enable-chaos', () => {
  let ms: TestMailsink;
  beforeAll(async () => {
    ms = await startTestMailsink();
  });
  afterAll(async () => {
    await ms.close();
  });

  it('answers 400 "Chaos is not enabled" in plain text, like Mailpit', async () => {
    for (const res of [await fetch(`${ms.baseUrl}/api/v1/chaos`), await put(ms, { Sender: { ErrorCode: 451, Probability: 50 } })]) {
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe('Chaos is not enabled');
    }
    expect(((await (await fetch(`${ms.baseUrl}/api/v1/webui`)).json()) as any).ChaosEnabled).toBe(false);
  });
});

describe('/api/v1/chaos with --enable-chaos', () => {
  let ms: TestMailsink;
  beforeAll(async () => {
    ms = await startTestMailsink(['--enable-chaos']);
  });
  afterAll(async () => {
    await ms.close();
  });

  it('starts with every trigger off, in Mailpit\'s shape', async () => {
    const res = await fetch(`${ms.baseUrl}/api/v1/chaos`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      Authentication: { ErrorCode: 535, Probability: 0 },
      Recipient: { ErrorCode: 451, Probability: 0 },
      Sender: { ErrorCode: 451, Probability: 0 },
    });
    expect(((await (await fetch(`${ms.baseUrl}/api/v1/webui`)).json()) as any).ChaosEnabled).toBe(true);
  });

  it('sets triggers, resets the ones left out, and keeps them for GET', async () => {
    const res = await put(ms, { Sender: { ErrorCode: 452, Probability: 30 }, Recipient: { Probability: 100 } });
    expect(res.status).toBe(200);
    const expected = {
      Authentication: { ErrorCode: 535, Probability: 0 },
      Recipient: { ErrorCode: 451, Probability: 100 },
      Sender: { ErrorCode: 452, Probability: 30 },
    };
    expect(await res.json()).toEqual(expected);
    expect(await (await fetch(`${ms.baseUrl}/api/v1/chaos`)).json()).toEqual(expected);
    const reset = await put(ms, {});
    expect(((await reset.json()) as any).Sender).toEqual({ ErrorCode: 451, Probability: 0 });
  });

  it('refuses bad codes and probabilities with a plain-text 400 and keeps the triggers', async () => {
    await put(ms, { Authentication: { ErrorCode: 454, Probability: 10 } });
    for (const body of [
      { Sender: { ErrorCode: 250, Probability: 10 } },
      { Sender: { ErrorCode: 600, Probability: 10 } },
      { Recipient: { ErrorCode: 451, Probability: 101 } },
      { Recipient: { ErrorCode: 451, Probability: -1 } },
      { Recipient: { ErrorCode: 'x', Probability: 1 } },
    ]) {
      const res = await put(ms, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toMatch(/between|must/);
    }
    const bad = await fetch(`${ms.baseUrl}/api/v1/chaos`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(bad.status).toBe(400);
    expect(((await (await fetch(`${ms.baseUrl}/api/v1/chaos`)).json()) as any).Authentication).toEqual({ ErrorCode: 454, Probability: 10 });
  });
});
