import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import { startTestMailsink, type TestMailsink } from '../helpers/in-process.js';

let dir: string;
let ms: TestMailsink;
const url = () => `${ms.baseUrl}/api/mailsink/v1/faults`;
const post = (body: unknown) => fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mailsink-rules-'));
  await writeFile(path.join(dir, 'rules.json'), JSON.stringify([{ Type: 'reject', Stage: 'rcpt', Pattern: '*@blocked.example', Code: 550, Text: 'No such user' }]));
  ms = await startTestMailsink(['--smtp-rules', path.join(dir, 'rules.json')]);
});
afterAll(async () => {
  await ms.close();
  await rm(dir, { recursive: true, force: true });
});

describe('/api/mailsink/v1/faults', () => {
  it('lists the rules of --smtp-rules with their IDs', async () => {
    const { Rules } = (await (await fetch(url())).json()) as any;
    expect(Rules).toEqual([{ ID: expect.any(String), Type: 'reject', Stage: 'rcpt', Pattern: '*@blocked.example', Code: 550, Text: 'No such user' }]);
  });

  it('adds rules of every kind, and removes one or all', async () => {
    const bodies = [
      { Type: 'greylist', Attempts: 2 },
      { Type: 'fail-every', Every: 3 },
      { Type: 'delay', Stage: 'rcpt', Milliseconds: 200 },
      { Type: 'drop', Stage: 'data' },
      { Type: 'reject', Stage: 'mail', Pattern: 'spam?@*', ID: 'mine' },
    ];
    const added = [];
    for (const body of bodies) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(201);
      added.push((await res.json()) as any);
    }
    expect(added.at(-1)).toEqual({ ID: expect.any(String), Type: 'reject', Stage: 'mail', Pattern: 'spam?@*' });
    expect(added.at(-1).ID).not.toBe('mine');
    expect(((await (await fetch(url())).json()) as any).Rules).toHaveLength(6);

    const del = await fetch(`${url()}/${added[0].ID}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(((await del.json()) as any).Rules.map((r: any) => r.Type)).toEqual(['reject', 'fail-every', 'delay', 'drop', 'reject']);
    const again = await fetch(`${url()}/${added[0].ID}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ Error: `no fault rule with ID ${added[0].ID}` });

    expect(await (await fetch(url(), { method: 'DELETE' })).json()).toEqual({ Rules: [] });
    expect(await (await fetch(url())).json()).toEqual({ Rules: [] });
  });

  it('refuses bad rules with a JSON error naming the problem', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ Type: 'explode' }, /Type must be one of/],
      [[], /JSON object/],
      [{ Type: 'reject', Stage: 'rcpt' }, /Pattern is required/],
      [{ Type: 'reject', Stage: 'data', Pattern: '*' }, /Stage/],
      [{ Type: 'reject', Stage: 'rcpt', Pattern: 'x'.repeat(257) }, /Pattern/],
      [{ Type: 'reject', Stage: 'rcpt', Pattern: '*', Code: 250 }, /Code/],
      [{ Type: 'reject', Stage: 'rcpt', Pattern: '*', Text: 'two\r\nlines' }, /Text/],
      [{ Type: 'greylist', Code: 550 }, /Code/],
      [{ Type: 'fail-every', Every: 0 }, /Every/],
      [{ Type: 'delay', Stage: 'rcpt', Milliseconds: 3_600_000 }, /Milliseconds/],
      [{ Type: 'drop', Stage: 'rcpt', Extra: 1 }, /unknown field Extra/],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(((await res.json()) as any).Error).toMatch(message);
    }
    expect(await (await fetch(url())).json()).toEqual({ Rules: [] });
  });

  it('caps the number of rules', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 101; i++) last = await post({ Type: 'drop', Stage: 'connect' });
    expect(last!.status).toBe(400);
    expect(((await last!.json()) as any).Error).toMatch(/at most 100/);
    await fetch(url(), { method: 'DELETE' });
  });

  it('appears in the OpenAPI document with the rule schema', async () => {
    const doc = (await (await fetch(`${ms.baseUrl}/api/openapi.json`)).json()) as any;
    expect(Object.keys(doc.paths['/api/mailsink/v1/faults'])).toEqual(expect.arrayContaining(['get', 'post', 'delete']));
    expect(JSON.stringify(doc.paths['/api/mailsink/v1/faults'].post)).toContain('greylist');
    expect(doc.paths['/api/v1/chaos']).toBeDefined();
    expect(doc.paths['/api/mailsink/v1/message/{ID}/transcript']).toBeDefined();
  });
});

describe('the options', () => {
  it('name the file and the rule that is wrong', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify([{ Type: 'drop', Stage: 'connect' }, { Type: 'reject', Stage: 'rcpt' }]));
    expect(() => parseConfig(['--smtp-rules', file], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--smtp-rules', file], {})).toThrow(/--smtp-rules: .*bad\.json: rule 2: Pattern/);
    await writeFile(file, '{not json');
    expect(() => parseConfig([], { MAILSINK_SMTP_RULES: file })).toThrow(/MAILSINK_SMTP_RULES: .*not valid JSON/);
    expect(() => parseConfig(['--smtp-rules', path.join(dir, 'missing.json')], {})).toThrow(/cannot read .*ENOENT/);
  });

  it('read --enable-chaos as a flag and MAILSINK_ENABLE_CHAOS as a boolean', () => {
    expect(parseConfig([], {}).enableChaos).toBe(false);
    expect(parseConfig(['--enable-chaos'], {}).enableChaos).toBe(true);
    expect(parseConfig(['--enable-chaos', '--max-messages', '5'], {}).maxMessages).toBe(5);
    expect(parseConfig([], { MAILSINK_ENABLE_CHAOS: 'true' }).enableChaos).toBe(true);
    expect(parseConfig(['--enable-chaos=false'], { MAILSINK_ENABLE_CHAOS: '1' }).enableChaos).toBe(false);
    expect(() => parseConfig([], { MAILSINK_ENABLE_CHAOS: 'maybe' })).toThrow(/MAILSINK_ENABLE_CHAOS: "maybe" is not true or false/);
  });

  it('check credentials, origins and the TLS pair', () => {
    expect(parseConfig(['--ui-auth', 'a:b,c:d:e'], {}).uiAuth).toEqual([{ user: 'a', password: 'b' }, { user: 'c', password: 'd:e' }]);
    expect(() => parseConfig(['--ui-auth', 'nopassword'], {})).toThrow(/--ui-auth: expected USER:PASSWORD/);
    expect(() => parseConfig([], { MAILSINK_UI_AUTH: 'a:' })).toThrow(/MAILSINK_UI_AUTH/);
    expect(parseConfig(['--cors', 'http://localhost:3000, https://app.test'], {}).cors).toEqual(['http://localhost:3000', 'https://app.test']);
    expect(() => parseConfig(['--cors', 'http://localhost:3000/path'], {})).toThrow(/--cors: .*not an origin/);
    expect(() => parseConfig(['--cors', '*'], {})).toThrow(/--cors/);
    const file = path.join(dir, 'rules.json');
    expect(() => parseConfig(['--listen-tls-cert', file], {})).toThrow(/give both files or neither/);
  });
});
