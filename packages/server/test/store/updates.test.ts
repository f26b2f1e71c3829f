import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendSubjects, envelope, makeTempDir, message, openTestStore, removeDir } from './helpers.js';

describe('read flags, tags and deletes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('changes read flags and tags, announces each change once, and keeps them after a reopen', async () => {
    const { store, bus } = await openTestStore(dir);
    const [a, b, c] = await appendSubjects(store, 'm', 3);
    const updates: unknown[] = [];
    bus.on('update', (change) => updates.push(change));

    await store.setRead([a!, b!, 'unknown-id'], true);
    await store.setRead([a!], true); // no change, no event
    expect(store.unread).toBe(1);
    await store.setTags(b!, [' work ', 'urgent', 'work', '']);
    await store.setTags(b!, ['work', 'urgent']); // no change, no event
    await store.setTags(c!, ['alpha']);
    expect(store.tags()).toEqual(['alpha', 'urgent', 'work']);
    expect(updates).toEqual([
      { id: a, read: true },
      { id: b, read: true },
      { id: b, tags: ['work', 'urgent'] },
      { id: c, tags: ['alpha'] },
    ]);
    await store.close();

    const again = await openTestStore(dir);
    expect(again.store.get(a!)?.read).toBe(true);
    expect(again.store.get(b!)).toMatchObject({ read: true, tags: ['work', 'urgent'] });
    expect(again.store.get(c!)).toMatchObject({ read: false, tags: ['alpha'] });
    expect(again.store.unread).toBe(1);
    expect(again.store.tags()).toEqual(['alpha', 'urgent', 'work']);

    await again.store.setRead('all', true);
    expect(again.store.unread).toBe(0);
    await again.store.setRead('all', false);
    expect(again.store.unread).toBe(3);
    await again.store.close();
  });

  it('writes the records documents themselves, once the call resolves, for a change of over a thousand messages', async () => {
    const first = await openTestStore(dir);
    await appendSubjects(first.store, 'm', 1001);
    await first.store.close();

    const second = await openTestStore(dir);
    await second.store.setRead('all', true);
    const doc = JSON.parse(await readFile(path.join(dir, 'records', '000001.json'), 'utf8'));
    expect(doc.records).toHaveLength(1000);
    expect(doc.records.every((record: { read: boolean }) => record.read)).toBe(true);
    expect((await readdir(path.join(dir, 'records'))).filter((name) => name.startsWith('changes-'))).toEqual([]);
    await second.store.close();
  });

  it("writes a full segment's records document as the records are at the seal: flags, tags, no transcript", async () => {
    const { store } = await openTestStore(dir, { segmentMaxMessages: 4 });
    const ids: string[] = [];
    for (let n = 0; n < 4; n++) ids.push((await store.append(envelope({ transcript: `S: 220 transcript-${n}` }), [message(`m-${n}`)])).id);
    await store.setRead([ids[0]!], true);
    await store.setTags(ids[1]!, ['kept']);
    await store.setRead([ids[2]!], true);
    await store.setRead([ids[2]!], false);
    const expected = ids.map((id) => structuredClone(store.get(id)));
    await store.append(envelope(), [message('next')]);
    await store.close();

    const doc = JSON.parse(await readFile(path.join(dir, 'records', '000001.json'), 'utf8'));
    expect(doc.records).toEqual(expected);
    expect(JSON.stringify(doc)).not.toContain('transcript');
  });

  it("writes a full segment's records document right after an earlier write of it, while it was being filled", async () => {
    const { store } = await openTestStore(dir, { segmentMaxMessages: 4 });
    const ids = await appendSubjects(store, 'm', 2);
    await store.delete([ids[0]!]);
    const doc = async () => JSON.parse(await readFile(path.join(dir, 'records', '000001.json'), 'utf8'));
    expect((await doc()).records.map((r: { id: string }) => r.id)).toEqual([ids[1]]);
    ids.push(...(await appendSubjects(store, 'n', 2)));
    const expected = ids.slice(1).map((id) => structuredClone(store.get(id)));
    await store.append(envelope(), [message('next')]);
    await store.close();
    expect((await doc()).records).toEqual(expected);
  });

  it('deletes records, announces each, and they stay deleted after a reopen', async () => {
    const { store, bus } = await openTestStore(dir);
    const ids = await appendSubjects(store, 'd', 5);
    const deleted: string[] = [];
    bus.on('delete', ({ id }) => deleted.push(id));
    await store.setTags(ids[1]!, ['gone']);
    await store.delete([ids[1]!, ids[3]!, 'unknown-id', ids[1]!]);
    expect(deleted).toEqual([ids[1], ids[3]]);
    expect(store.total).toBe(3);
    expect(store.tags()).toEqual([]);
    expect(store.list(0, 10).map((r) => r.subject)).toEqual(['d-4', 'd-2', 'd-0']);
    expect(await store.readRaw(ids[1]!)).toBeUndefined();
    await store.close();

    const again = await openTestStore(dir);
    expect(again.store.list(0, 10).map((r) => r.subject)).toEqual(['d-4', 'd-2', 'd-0']);
    expect(again.store.get(ids[3]!)).toBeUndefined();
    await again.store.close();
  });

  it('removes the raw file and records document of a segment whose records are all deleted', async () => {
    const first = await openTestStore(dir);
    const old = await appendSubjects(first.store, 'old', 3);
    await first.store.close();
    const second = await openTestStore(dir);
    const kept = await appendSubjects(second.store, 'new', 2);
    expect(await readdir(path.join(dir, 'raw'))).toEqual(['000001.seg', '000002.seg']);

    await second.store.delete(old.slice(0, 2));
    expect(await readdir(path.join(dir, 'raw'))).toEqual(['000001.seg', '000002.seg']);
    await second.store.delete(old.slice(2));
    expect(await readdir(path.join(dir, 'raw'))).toEqual(['000002.seg']);
    expect(await readdir(path.join(dir, 'records'))).not.toContain('000001.json');
    await second.store.close();

    const third = await openTestStore(dir);
    expect(third.store.list(0, 10).map((r) => r.id)).toEqual([...kept].reverse());
    expect(await third.store.readRaw(kept[0]!)).toEqual(message('new-0'));
    await third.store.close();
  });

  it('deleteAll empties the store and its files, announces truncate, and accepts new mail after', async () => {
    const first = await openTestStore(dir);
    await appendSubjects(first.store, 'a', 3);
    await first.store.close();
    const { store, bus } = await openTestStore(dir);
    await appendSubjects(store, 'b', 3);
    let truncated = 0;
    bus.on('truncate', () => truncated++);

    await store.deleteAll();
    expect(truncated).toBe(1);
    expect(store.total).toBe(0);
    expect(store.unread).toBe(0);
    expect(store.list(0, 10)).toEqual([]);
    expect(store.latest()).toBeUndefined();
    expect(await readdir(path.join(dir, 'raw'))).toEqual([]);
    expect(await readdir(path.join(dir, 'records'))).toEqual([]);

    const fresh = await store.append(envelope(), [message('after')]);
    expect(store.list(0, 10).map((r) => r.id)).toEqual([fresh.id]);
    await store.close();

    const again = await openTestStore(dir);
    expect(again.store.list(0, 10).map((r) => r.subject)).toEqual(['after']);
    await again.store.close();
  });

  it('keeps, across a reopen, the messages that remain after a deleteAll racing with appends', async () => {
    const { store } = await openTestStore(dir);
    await appendSubjects(store, 'before', 5);
    const racing = Array.from({ length: 20 }, (_, i) => store.append(envelope(), [message(`race-${i}`)]));
    await store.deleteAll();
    const records = await Promise.all(racing);
    const surviving = records.filter((r) => store.get(r.id));
    await store.close();
    const again = await openTestStore(dir);
    expect(again.store.total).toBe(surviving.length);
    for (const record of surviving) expect(await again.store.readRaw(record.id)).toEqual(message(record.subject));
    await again.store.close();
  });
});
