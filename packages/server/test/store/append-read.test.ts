import { isAscii } from 'node:buffer';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../src/store/index.js';
import { appendSubjects, envelope, makeTempDir, message, openTestStore, removeDir } from './helpers.js';

describe('append and read', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('gives back the exact bytes, split over buffers, with bare CR/LF, 8-bit and NUL bytes, before and after a reopen', async () => {
    const { store } = await openTestStore(dir);
    const parts = [
      Buffer.from('Subject: bytes\r\n\r\n', 'latin1'),
      Buffer.from([0x00, 0x0d, 0x41, 0x0a, 0x42, 0x0d, 0x0a, 0xff, 0xfe, 0x80, 0x00]),
      Buffer.from('caf\u00e9 \u{1f600}\r\n.\r\n..\r\n', 'utf8'),
      Buffer.alloc(0),
    ];
    const expected = Buffer.concat(parts);
    const record = await store.append(envelope(), parts);
    const empty = await store.append(envelope(), []);
    expect(record.size).toBe(expected.length);
    expect(await store.readRaw(record.id)).toEqual(expected);
    expect(await store.readRaw(empty.id)).toEqual(Buffer.alloc(0));
    await store.close();

    const again = await openTestStore(dir);
    expect(await again.store.readRaw(record.id)).toEqual(expected);
    expect(again.store.get(record.id)?.subject).toBe('bytes');
    await again.store.close();
  });

  it('serves the SMTP transcript from disk, before and after a reopen, with a full segment sealed meanwhile', async () => {
    const { store } = await openTestStore(dir, { segmentMaxMessages: 2 });
    const transcript = 'S: 220 mailsink\nC: EHLO client.test\nC: [12 bytes of data]\nS: 250 2.0.0 Ok';
    const first = await store.append(envelope({ transcript }), [message('first')]);
    const second = await store.append(envelope(), [message('second')]);
    const third = await store.append(envelope({ transcript: 'S: 220 third' }), [message('third')]);
    expect(await store.readTranscript(first.id)).toBe(transcript);
    expect(await store.readTranscript(second.id)).toBe('');
    expect(await store.readTranscript('nosuchmessageidatall00')).toBeUndefined();
    await store.close();

    const again = await openTestStore(dir, { segmentMaxMessages: 2 });
    expect(await again.store.readTranscript(first.id)).toBe(transcript);
    expect(await again.store.readTranscript(third.id)).toBe('S: 220 third');
    expect(again.store.get(first.id)?.subject).toBe('first');
    // The third came back from the log entry, which holds the transcript; the record does not.
    expect(again.store.get(third.id)).not.toHaveProperty('transcript');
    expect(again.store.get(third.id)?.envelope).not.toHaveProperty('transcript');
    await again.store.close();
  });

  it('keeps a large message intact next to small ones', async () => {
    const { store } = await openTestStore(dir);
    const big = Buffer.alloc(3 * 1024 * 1024 + 7);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    const small = await store.append(envelope(), [message('small')]);
    const large = await store.append(envelope(), [Buffer.from('Subject: big\r\n\r\n'), big]);
    await store.close();
    const again = await openTestStore(dir);
    const read = await again.store.readRaw(large.id);
    // Buffer.equals: a deep equality over megabytes is slow.
    expect(read?.equals(Buffer.concat([Buffer.from('Subject: big\r\n\r\n'), big]))).toBe(true);
    expect(await again.store.readRaw(small.id)).toEqual(message('small'));
    await again.store.close();
  });

  it('builds the record from the envelope and the summary, and announces it', async () => {
    const { store, bus } = await openTestStore(dir);
    const announced: MessageRecord[] = [];
    bus.on('new', (record) => announced.push(record));
    const env = envelope({ receivedAt: '2024-05-06T07:08:09.123Z', auth: { username: 'alice', mechanism: 'PLAIN' } });
    const raw = message('Hello there');
    const record = await store.append(env, [raw]);
    expect(record.id).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(record).toMatchObject({ subject: 'Hello there', created: env.receivedAt, size: raw.length, read: false, tags: [], username: 'alice', envelope: env });
    expect(announced.map((r) => r.id)).toEqual([record.id]);
    expect(store.get(record.id)).toEqual(record);
    expect(store.total).toBe(1);
    expect(store.unread).toBe(1);
    await store.close();
  });

  it('still stores a message whose summary fails, with a parse error', async () => {
    const { store } = await openTestStore(dir, {
      summarize: () => {
        throw new Error('boom');
      },
    });
    const record = await store.append(envelope(), [message('x')]);
    expect(record.parseError).toContain('boom');
    expect(record.bcc).toEqual([{ Name: '', Address: 'rcpt@example.com' }]);
    expect(await store.readRaw(record.id)).toEqual(message('x'));
    await store.close();
  });

  it('stores 200 concurrent appends, each with its own bytes, and keeps them all after a reopen', async () => {
    const { store } = await openTestStore(dir);
    const records = await Promise.all(Array.from({ length: 200 }, (_, i) => store.append(envelope(), [message(`c-${i}`, `body ${i}\r\n`)])));
    expect(new Set(records.map((r) => r.id)).size).toBe(200);
    expect(store.total).toBe(200);
    await store.close();

    const again = await openTestStore(dir);
    expect(again.store.total).toBe(200);
    for (const [i, record] of records.entries()) {
      expect(again.store.get(record.id)?.subject).toBe(`c-${i}`);
      expect(await again.store.readRaw(record.id)).toEqual(message(`c-${i}`, `body ${i}\r\n`));
    }
    await again.store.close();
  });

  it('lists newest first with paging, and keeps the order across a reopen', async () => {
    const { store } = await openTestStore(dir);
    const ids = await appendSubjects(store, 's', 10);
    const subjects = (list: MessageRecord[]) => list.map((r) => r.subject);
    expect(subjects(store.list(0, 3))).toEqual(['s-9', 's-8', 's-7']);
    expect(subjects(store.list(3, 3))).toEqual(['s-6', 's-5', 's-4']);
    expect(subjects(store.list(8, 5))).toEqual(['s-1', 's-0']);
    expect(store.list(10, 5)).toEqual([]);
    expect(store.list(0, 0)).toEqual([]);
    expect(store.latest()?.id).toBe(ids[9]);
    expect([...store.newestFirst()].map((r) => r.id)).toEqual([...ids].reverse());
    await store.close();

    const again = await openTestStore(dir);
    await appendSubjects(again.store, 't', 2);
    expect(subjects(again.store.list(0, 4))).toEqual(['t-1', 't-0', 's-9', 's-8']);
    expect(again.store.get('nope')).toBeUndefined();
    expect(await again.store.readRaw('nope')).toBeUndefined();
    await again.store.close();
  });

  it('reads back records documents with text beyond ASCII as they were written', async () => {
    const { store } = await openTestStore(dir);
    await appendSubjects(store, 'Grüße ✓ 日本', 2);
    await appendSubjects(store, 'plain', 1);
    const before = store.list(0, 3).map((r) => r.subject);
    await store.close();
    const [doc] = await readdir(path.join(dir, 'records'));
    expect(isAscii(await readFile(path.join(dir, 'records', doc!)))).toBe(false);

    const again = await openTestStore(dir);
    expect(again.store.list(0, 3).map((r) => r.subject)).toEqual(before);
    await again.store.close();
  });

  it('rolls to new raw segments and reads across them', async () => {
    const { store } = await openTestStore(dir, { segmentMaxMessages: 3 });
    const ids = await appendSubjects(store, 'r', 10);
    await store.close();
    const again = await openTestStore(dir, { segmentMaxMessages: 3 });
    expect(again.store.list(0, 100).map((r) => r.subject)).toEqual(Array.from({ length: 10 }, (_, i) => `r-${9 - i}`));
    for (const [i, id] of ids.entries()) expect(await again.store.readRaw(id)).toEqual(message(`r-${i}`));
    await again.store.close();
  });

  it('refuses appends and changes once closed, with a clear error', async () => {
    const { store } = await openTestStore(dir);
    await store.close();
    await expect(store.append(envelope(), [message('late')])).rejects.toThrow(/closed/);
    await expect(store.setRead('all', true)).rejects.toThrow(/closed/);
    await store.close(); // closing twice is fine
  });
});
