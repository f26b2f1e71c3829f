/**
 * The write-ahead log's checksums and write groups: what a power cut can leave (any pages of the
 * last write, since entries are written into zeroed space in place) must read as a cut-off write,
 * and a change to an acknowledged entry must read as damage.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreDamagedError } from '../../src/store/index.js';
import { appendSubjects, envelope, makeTempDir, message, openTestStore, overwrite, rawSegments, removeDir, removeRecordsDocuments } from './helpers.js';

interface Entry {
  offset: number;
  groupStart: number;
  rawStart: number;
  rawLength: number;
  jsonLength: number;
  end: number;
}

/** The entries of a raw segment, read the way the format describes them. */
function entriesOf(bytes: Buffer): Entry[] {
  const entries: Entry[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const match = /^MSNK2 (\d{10}) (\d{12}) (\d{12}) [0-9a-f]{8}\n$/.exec(bytes.toString('latin1', pos, pos + 52));
    if (!match) break;
    const [jsonLength, rawLength, groupStart] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const rawStart = pos + 52;
    entries.push({ offset: pos, groupStart, rawStart, rawLength, jsonLength, end: rawStart + rawLength + jsonLength });
    pos = rawStart + rawLength + jsonLength;
  }
  return entries;
}

async function onlySegment(dir: string): Promise<string> {
  const segments = await rawSegments(dir);
  expect(segments).toHaveLength(1);
  return segments[0]!;
}

/** As a power cut leaves a write into zeroed space: one whole sector of the entry's body reads as zeros. */
async function loseSector(file: string, entry: Entry): Promise<void> {
  const sector = Math.ceil(entry.rawStart / 512) * 512;
  expect(sector + 512).toBeLessThanOrEqual(entry.rawStart + entry.rawLength);
  await overwrite(file, sector, Buffer.alloc(512));
}

describe('write-ahead log integrity', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  /** Three messages written one by one, then four at once; returns the ids of each part. */
  async function writeSegment(): Promise<{ single: string[]; together: string[] }> {
    const { store } = await openTestStore(dir);
    const single = await appendSubjects(store, 'single', 3);
    // Bodies of a few sectors, so that a whole sector of one can go missing.
    const body = 'A line of text.\r\n'.repeat(200);
    const records = await Promise.all([0, 1, 2, 3].map((i) => store.append(envelope(), [message(`together-${i}`, body)])));
    await store.close();
    await removeRecordsDocuments(dir);
    return { single, together: records.map((r) => r.id) };
  }

  it('drops a write cut off in its middle, even with later entries of it whole, and keeps the writes before it', async () => {
    const { single } = await writeSegment();
    const segment = await onlySegment(dir);
    const entries = entriesOf(await readFile(segment));
    expect(entries).toHaveLength(7);
    const last = entries.filter((e) => e.groupStart === entries.at(-1)!.groupStart);
    expect(last.length).toBeGreaterThanOrEqual(2);
    // A sector of the write's first entry never reached the disk; the entries after it did.
    await loseSector(segment, last[0]!);

    const { store, log } = await openTestStore(dir);
    expect(store.total).toBe(entries.length - last.length);
    for (const id of single) expect(store.get(id)).toBeDefined();
    expect(log.warnings().some((w) => w.includes(segment) && w.includes('crash'))).toBe(true);
    await store.close();
  });

  it('drops the last entry when a sector of its body is lost, instead of serving zeros', async () => {
    const { together } = await writeSegment();
    const segment = await onlySegment(dir);
    await loseSector(segment, entriesOf(await readFile(segment)).at(-1)!);

    const { store, log } = await openTestStore(dir);
    expect(store.total).toBe(6);
    expect(store.get(together[3]!)).toBeUndefined();
    expect(log.warnings().some((w) => w.includes(segment))).toBe(true);
    await store.close();
  });

  it('stops, naming the file and leaving it as it was, when an acknowledged body changed and later writes follow', async () => {
    await writeSegment();
    const segment = await onlySegment(dir);
    const second = entriesOf(await readFile(segment))[1]!;
    await overwrite(segment, second.rawStart + 3, Buffer.from('#'));
    const damaged = await readFile(segment);

    const err = await openTestStore(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreDamagedError);
    expect((err as StoreDamagedError).path).toBe(segment);
    expect((err as Error).message).toContain(`byte ${second.offset}`);
    expect((err as Error).message).toContain(`mv ${segment}`);
    expect((await readFile(segment)).equals(damaged)).toBe(true);
  });

  it('stops when an acknowledged entry of the last write changed, with no sector of it missing', async () => {
    await writeSegment();
    const segment = await onlySegment(dir);
    const last = entriesOf(await readFile(segment)).at(-1)!;
    await overwrite(segment, last.rawStart + 700, Buffer.from('#'));

    const err = await openTestStore(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreDamagedError);
    expect((err as Error).message).toContain(`byte ${last.offset}`);
  });

  it('reads a segment written before entries had checksums (MSNK1), transcript in the envelope included', async () => {
    const first = await openTestStore(dir);
    const record = await first.store.append(envelope({ transcript: 'S: 220 old\nC: QUIT' }), [message('old format')]);
    await first.store.close();
    await removeRecordsDocuments(dir);
    const segment = await onlySegment(dir);
    const bytes = await readFile(segment);
    const [entry] = entriesOf(bytes);
    const raw = bytes.subarray(entry!.rawStart, entry!.rawStart + entry!.rawLength);
    const { transcript, ...json } = JSON.parse(bytes.toString('utf8', entry!.rawStart + entry!.rawLength, entry!.end)) as {
      raw: { offset: number };
      envelope: { transcript?: string };
      transcript: string;
    };
    json.raw.offset = 30;
    // Where entries of that time kept it.
    json.envelope.transcript = transcript;
    const jsonBytes = Buffer.from(JSON.stringify(json));
    const header = `MSNK1 ${String(jsonBytes.length).padStart(10, '0')} ${String(raw.length).padStart(12, '0')}\n`;
    await writeFile(segment, Buffer.concat([Buffer.from(header, 'latin1'), raw, jsonBytes]));

    const { store, log } = await openTestStore(dir);
    expect(store.get(record.id)?.subject).toBe('old format');
    expect((await store.readRaw(record.id))?.equals(message('old format'))).toBe(true);
    expect(await store.readTranscript(record.id)).toBe('S: 220 old\nC: QUIT');
    expect(log.warnings()).toEqual([]);
    await store.close();
  });
});
