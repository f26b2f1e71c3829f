import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeLog } from '../../src/store/change-log.js';
import { storeLayout } from '../../src/store/segment-files.js';
import { appendSubjects, captureLog, makeTempDir, openTestStore, removeDir } from './helpers.js';

/** A copy of the data directory as a crash at this moment would leave it (the lock of a dead process dropped). */
async function crashCopy(dir: string, to: string): Promise<void> {
  await cp(dir, to, { recursive: true });
  await rm(path.join(to, 'lock'), { force: true });
}

const changeFiles = async (dir: string) => (await readdir(path.join(dir, 'records'))).filter((name) => name.startsWith('changes-')).sort();
const readDoc = async (dir: string, segment = '000001') => JSON.parse(await readFile(path.join(dir, 'records', `${segment}.json`), 'utf8'));

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the change log of read flags and tags', () => {
  let dir: string;
  let copy: string;
  beforeEach(async () => {
    dir = await makeTempDir();
    copy = `${dir}-copy`;
  });
  afterEach(async () => {
    await removeDir(dir);
    await removeDir(copy);
  });

  it('makes a change durable without rewriting the records document: a crash right after keeps it', async () => {
    const first = await openTestStore(dir);
    const [a, b] = await appendSubjects(first.store, 'm', 2);
    await first.store.close();
    const docBefore = await readFile(path.join(dir, 'records', '000001.json'), 'utf8');

    const { store } = await openTestStore(dir);
    await store.setRead([a!], true);
    await store.setTags(b!, ['work']);
    expect(await readFile(path.join(dir, 'records', '000001.json'), 'utf8')).toBe(docBefore);
    expect(await changeFiles(dir)).toEqual(['changes-000001.jsonl']);
    await crashCopy(dir, copy);
    await store.close();

    const after = await openTestStore(copy);
    expect(after.store.get(a!)).toMatchObject({ read: true, tags: [] });
    expect(after.store.get(b!)).toMatchObject({ read: false, tags: ['work'] });
    expect(after.store.unread).toBe(1);
    expect(after.store.tags()).toEqual(['work']);
    await after.store.close();
  });

  it('replays changes in the order they were made, on messages still in the write-ahead log', async () => {
    const { store } = await openTestStore(dir);
    const [a, b] = await appendSubjects(store, 'm', 2);
    await store.setRead([a!, b!], true);
    await store.setTags(a!, ['one']);
    await store.setRead([a!], false);
    await store.setTags(a!, ['one', 'two']);
    await store.setRead('all', true);
    await store.setTags(b!, ['x']);
    await store.setTags(b!, []);
    await crashCopy(dir, copy);
    await store.close();

    const after = await openTestStore(copy);
    expect(after.store.get(a!)).toMatchObject({ read: true, tags: ['one', 'two'] });
    expect(after.store.get(b!)).toMatchObject({ read: true, tags: [] });
    expect(after.store.unread).toBe(0);
    expect(after.store.tagCounts()).toEqual({ one: 1, two: 1 });
    await after.store.close();
  });

  it('applies a logged change only to records whose document is older than it', async () => {
    const first = await openTestStore(dir);
    const [a, b] = await appendSubjects(first.store, 'm', 2);
    await first.store.close();
    const { changeSeq } = await readDoc(dir);
    // Hand-written log: one change the document already reflects (an older number), one newer.
    await writeFile(
      path.join(dir, 'records', 'changes-000007.jsonl'),
      `${JSON.stringify({ seq: changeSeq, id: a, read: true })}\n${JSON.stringify({ seq: changeSeq + 1, id: b, tags: ['new'] })}\n`,
    );

    const { store } = await openTestStore(dir);
    expect(store.get(a!)?.read).toBe(false);
    expect(store.get(b!)?.tags).toEqual(['new']);
    await store.close();
  });

  it('folds the files found at start into the records documents and removes them', async () => {
    const { store } = await openTestStore(dir);
    const [a] = await appendSubjects(store, 'm', 3);
    await store.setTags(a!, ['kept']);
    await store.close();
    expect(await changeFiles(dir)).toEqual(['changes-000001.jsonl']);

    const again = await openTestStore(dir);
    await until(async () => (await changeFiles(dir)).length === 0, 'the old change file to go');
    expect((await readDoc(dir)).records[0]).toMatchObject({ id: a, tags: ['kept'] });
    await again.store.close();

    const third = await openTestStore(dir);
    expect(third.store.get(a!)?.tags).toEqual(['kept']);
    await third.store.close();
  });

  it('starts a new file past its size, writes the documents the old one touched and removes it', async () => {
    const { store } = await openTestStore(dir, { changeLogMaxBytes: 2000 });
    const ids = await appendSubjects(store, 'm', 40);
    for (const id of ids) await store.setRead([id], true);
    await until(async () => !(await changeFiles(dir)).includes('changes-000001.jsonl'), 'the first change file to go');
    const files = await changeFiles(dir);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((name) => name > 'changes-000001.jsonl')).toBe(true);
    // Segments still being filled have no document yet; what the log held is in the one written now.
    const doc = await readDoc(dir);
    const readInDoc = doc.records.filter((record: { read: boolean }) => record.read).length;
    expect(readInDoc).toBeGreaterThan(0);
    await crashCopy(dir, copy);
    await store.close();

    const after = await openTestStore(copy);
    expect(after.store.unread).toBe(0);
    await after.store.close();
  });

  it('skips a line cut off by a crash, with a warning naming the file, and keeps the others', async () => {
    const first = await openTestStore(dir);
    const [a, b] = await appendSubjects(first.store, 'm', 2);
    await first.store.setRead([a!], true);
    await first.store.close();
    const file = path.join(dir, 'records', 'changes-000001.jsonl');
    await writeFile(file, `${await readFile(file, 'utf8')}{"seq":99,"id":"${b}","re`);

    const { store, log } = await openTestStore(dir);
    expect(store.get(a!)?.read).toBe(true);
    expect(store.get(b!)?.read).toBe(false);
    expect(log.warnings()).toEqual([expect.stringContaining(`${file}: skipping line 2`)]);
    await store.close();
  });

  it('writes a change made the moment the previous write is done (no write is left waiting)', async () => {
    const layout = storeLayout(dir);
    await mkdir(layout.recordsDir);
    const { changeLog } = await ChangeLog.open(layout, captureLog().logger);
    let second: Promise<void> | undefined;
    await changeLog.append([{ id: 'a', read: true }]).then(() => {
      second = changeLog.append([{ id: 'b', read: true }]);
    });
    await second;
    await changeLog.close();
    const { found } = await ChangeLog.open(layout, captureLog().logger);
    expect(found.map((change) => change.id)).toEqual(['a', 'b']);
  });
});
