import { spawn } from 'node:child_process';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreDamagedError, StoreLockedError } from '../../src/store/index.js';
import { crashMessage } from './crash-message.js';
import { appendSubjects, envelope, makeTempDir, openTestStore, overwrite, rawSegments, removeDir, removeRecordsDocuments } from './helpers.js';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

interface ChildRun {
  /** id -> marker of every append the child saw resolve. */
  acked: Map<string, string>;
  signal: NodeJS.Signals | null;
}

/**
 * Runs crash-child.ts against `dir`. `killAfter`: SIGKILL it once that many appends resolved
 * (flood mode); otherwise it appends `count` messages and SIGKILLs itself.
 */
function runChild(dir: string, args: string[], killAfter?: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, ...args], { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Map<string, string>();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const [word, id, marker] = line.split(' ');
      if (word !== 'ack' || !id || !marker) return;
      acked.set(id, marker);
      if (killAfter !== undefined && acked.size >= killAfter) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`crash child ended without SIGKILL (${signal}): ${stderr}`));
      else resolve({ acked, signal });
    });
  });
}

/** The length of a raw segment without the zeros laid past its last entry. */
function usedLength(bytes: Buffer): number {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return end;
}

describe('recovery', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('keeps every append that resolved when the process is killed with SIGKILL under load', async () => {
    const { acked } = await runChild(dir, ['flood'], 400);
    expect(acked.size).toBeGreaterThanOrEqual(400);

    const { store } = await openTestStore(dir);
    const missing = [...acked.keys()].filter((id) => !store.get(id));
    expect(missing).toEqual([]);
    for (const [id, marker] of acked) {
      expect(store.get(id)?.subject).toBe(marker);
      expect((await store.readRaw(id))?.equals(Buffer.concat(crashMessage(marker))), id).toBe(true);
    }
    await store.close();

    // And the recovered store keeps working and reopens cleanly.
    const again = await openTestStore(dir);
    expect(again.store.total).toBe(store.total);
    expect(again.log.warnings()).toEqual([]);
    await again.store.close();
  }, 60_000);

  it('skips a torn last entry with a warning and keeps the rest', async () => {
    const { acked } = await runChild(dir, ['count', '10']);
    expect(acked.size).toBe(10);
    await removeRecordsDocuments(dir);
    const [segment] = await rawSegments(dir);
    // Its last sector never reached the disk: it reads as the zeros laid ahead of the writer.
    const end = usedLength(await readFile(segment!));
    const lastSector = Math.floor((end - 1) / 512) * 512;
    await overwrite(segment!, lastSector, Buffer.alloc(end - lastSector));

    const { store, log } = await openTestStore(dir);
    expect(store.total).toBe(9);
    const lost = [...acked.keys()].filter((id) => !store.get(id));
    expect(lost).toHaveLength(1);
    for (const [id, marker] of acked) if (id !== lost[0]) expect((await store.readRaw(id))?.equals(Buffer.concat(crashMessage(marker))), id).toBe(true);
    expect(log.warnings().some((w) => w.includes(segment!) && w.includes('crash'))).toBe(true);
    await store.close();
  });

  it('opens a segment cut off by a kill, with zeroed space left past its last entry, without a warning', async () => {
    const { acked } = await runChild(dir, ['count', '10']);
    await removeRecordsDocuments(dir);
    const [segment] = await rawSegments(dir);
    const bytes = await readFile(segment!);
    expect(bytes.length).toBeGreaterThan(usedLength(bytes));

    const { store, log } = await openTestStore(dir);
    expect(store.total).toBe(10);
    for (const [id, marker] of acked) expect((await store.readRaw(id))?.equals(Buffer.concat(crashMessage(marker))), id).toBe(true);
    expect(log.warnings()).toEqual([]);
    await store.close();
  });

  it('cuts a raw segment to its last entry when it is closed', async () => {
    const { store } = await openTestStore(dir);
    await appendSubjects(store, 'c', 3);
    const [segment] = await rawSegments(dir);
    const open = await readFile(segment!);
    expect(open.length).toBeGreaterThan(usedLength(open));
    await store.close();
    const closed = await readFile(segment!);
    expect(closed.length).toBe(usedLength(open));
    expect(closed.equals(open.subarray(0, closed.length))).toBe(true);
  });

  it('stops on a raw segment whose framing is broken before its tail, naming it and leaving it as it was', async () => {
    // One after the other: each entry is a write of its own, so the ones after the third are later writes.
    const first = await openTestStore(dir);
    await appendSubjects(first.store, 'f', 10);
    await first.store.close();
    await removeRecordsDocuments(dir);
    const [segment] = await rawSegments(dir);
    const bytes = await readFile(segment!);
    let third = -1;
    for (let i = 0; i < 3; i++) third = bytes.indexOf('MSNK2 ', third + 1);
    await overwrite(segment!, third, Buffer.from('XXXXX'));
    const damaged = await readFile(segment!);

    const err = await openTestStore(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreDamagedError);
    expect((err as StoreDamagedError).path).toBe(segment);
    expect((err as Error).message).toContain(segment!);
    expect((err as Error).message).toContain(`mv ${segment}`);
    expect((await readFile(segment!)).equals(damaged)).toBe(true);
  });

  it('stops on a records document that is not valid JSON, leaves it byte-identical, and the way out it names works', async () => {
    const first = await openTestStore(dir);
    const ids = await appendSubjects(first.store, 'j', 3);
    await first.store.close();
    const second = await openTestStore(dir);
    await second.store.setRead([ids[0]!], true);
    await second.store.close();
    const docPath = path.join(dir, 'records', '000001.json');
    const text = await readFile(docPath, 'utf8');
    await writeFile(docPath, text.slice(0, text.length / 2));
    const damaged = await readFile(docPath);

    for (let attempt = 0; attempt < 2; attempt++) {
      // Twice: a failed start must not leave the directory locked.
      const err = await openTestStore(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreDamagedError);
      expect((err as StoreDamagedError).path).toBe(docPath);
      expect((err as Error).message).toMatch(/not valid JSON/);
      expect((err as Error).message).toContain(`mv ${docPath} ${docPath}.damaged`);
      expect((await readFile(docPath)).equals(damaged)).toBe(true);
    }

    await rename(docPath, `${docPath}.damaged`);
    const { store } = await openTestStore(dir);
    expect(store.list(0, 10).map((r) => r.subject)).toEqual(['j-2', 'j-1', 'j-0']);
    // The flag was set after the document was last written: the change log still has it.
    expect(store.get(ids[0]!)?.read).toBe(true);
    await store.close();
  });

  it('leaves out, with a warning naming it, the records of a raw segment that is missing', async () => {
    const first = await openTestStore(dir);
    await appendSubjects(first.store, 'gone', 2);
    await first.store.close();
    const second = await openTestStore(dir);
    const kept = await appendSubjects(second.store, 'kept', 2);
    await second.store.close();
    const missing = path.join(dir, 'raw', '000001.seg');
    await rm(missing);

    const { store, log } = await openTestStore(dir);
    expect(store.list(0, 10).map((r) => r.id)).toEqual([...kept].reverse());
    expect(log.warnings().some((w) => w.includes(missing))).toBe(true);
    await store.close();
  });

  it('refuses a data directory held by a live store, and takes over a stale lock', async () => {
    const first = await openTestStore(dir);
    const err = await openTestStore(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreLockedError);
    expect((err as StoreLockedError).path).toBe(dir);
    expect((err as Error).message).toContain(dir);
    await first.store.close();

    const deadPid = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '']);
      child.on('exit', () => resolve(child.pid!));
    });
    await writeFile(path.join(dir, 'lock'), `${deadPid}\n`);
    const second = await openTestStore(dir);
    await second.store.close();
  });

  it('reopens a store of 20,000 messages', async () => {
    const { store } = await openTestStore(dir);
    const ids: string[] = [];
    for (let batch = 0; batch < 40; batch++) {
      const records = await Promise.all(
        Array.from({ length: 500 }, (_, i) => store.append(envelope(), [Buffer.from(`Subject: n-${batch * 500 + i}\r\n\r\nbody\r\n`)])),
      );
      ids.push(...records.map((r) => r.id));
    }
    await store.close();

    const { store: again } = await openTestStore(dir);
    expect(again.total).toBe(20_000);
    expect(again.list(0, 2).map((r) => r.subject)).toEqual(['n-19999', 'n-19998']);
    expect(again.list(19_999, 5).map((r) => r.subject)).toEqual(['n-0']);
    expect((await again.readRaw(ids[12_345]!))?.toString()).toBe('Subject: n-12345\r\n\r\nbody\r\n');
    await again.close();
  }, 60_000);
});
