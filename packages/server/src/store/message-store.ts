import { closeSync, openSync, read, readSync } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import type { Envelope } from '../envelope.js';
import type { BusEvents } from '../events.js';
import type { MessageStore, StoreOptions } from './contract.js';
import type { MessageRecord, Summary } from './record.js';
import { ChangeLog, type FlagChange, type NewFlagChange } from './change-log.js';
import { DocumentSaver } from './document-saver.js';
import { fsyncDir } from './fsync-dir.js';
import { lockDataDir, type DirLock } from './lock.js';
import { MessageIndex } from './message-index.js';
import { newMessageId } from './message-id.js';
import { fallbackSummary, newRecord, withoutTranscript } from './new-record.js';
import { recoverStore, type RecoveredStore } from './recover.js';
import { rawSegmentPath, recordsDocumentPath, storeLayout, type StoreLayout } from './segment-files.js';
import { SegmentRecords } from './segment-records.js';
import { SharedStrings } from './shared-strings.js';
import { SegmentWriter, type WrittenRecord } from './segment-writer.js';
import { checksumsAvailable, decodeHeaderBefore, MAX_HEADER_LENGTH, transcriptOf } from './wal-entry.js';

const DEFAULT_SEGMENT_MESSAGES = 1000;
const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;
const readAsync = promisify(read);
/** Reads of raw bytes up to this size are done on the event loop's thread. */
const SYNC_READ_MAX_BYTES = 256 * 1024;
/** Read, tag and delete changes reach the disk within this; they resolve after it. */
const SOON_MS = 10;
/** Prunes and replayed segments, which retention or the write-ahead log at start cover. */
const LAZY_MS = 1000;
/** Past this many bytes the change log starts a new file, and the documents the old ones touched are written. */
const DEFAULT_CHANGE_LOG_MAX_BYTES = 1024 * 1024;
/** Read-flag changes of more messages than this rewrite their documents instead of going to the change log. */
const LOGGED_CHANGES_MAX = 1000;

/** Opens (creating if needed) and locks the data directory, recovers it, applies retention. */
export async function openStore(opts: StoreOptions): Promise<MessageStore> {
  for (const name of ['maxMessages', 'maxAgeMs', 'segmentMaxMessages', 'segmentMaxBytes', 'changeLogMaxBytes'] as const) {
    const value = opts[name];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new RangeError(`openStore: ${name} must be a number >= 0, not ${value}`);
  }
  if (!checksumsAvailable()) throw new Error(`the message store needs Node.js 20.15 or later (for zlib.crc32); this is ${process.version}`);
  const layout = storeLayout(path.resolve(opts.dataDir));
  await mkdir(layout.dataDir, { recursive: true });
  const lock = await lockDataDir(layout.dataDir, layout.lockPath);
  let store: DiskMessageStore | undefined;
  try {
    await mkdir(layout.rawDir, { recursive: true });
    await mkdir(layout.recordsDir, { recursive: true });
    const recovered = await recoverStore(layout, opts.log);
    const { changeLog, found } = await ChangeLog.open(layout, opts.log);
    store = new DiskMessageStore(opts, layout, lock, recovered, changeLog, found);
    await store.start();
    return store;
  } catch (err) {
    // close() releases the lock after the writes recovery already scheduled.
    await (store ? store.close() : lock.release()).catch(() => undefined);
    throw err;
  }
}

class DiskMessageStore implements MessageStore {
  readonly dataDir: string;
  private readonly index = new MessageIndex();
  /** Records documents of the raw segments that exist, by segment number. */
  private readonly docs = new Map<number, SegmentRecords>();
  private readonly writer: SegmentWriter;
  private readonly saver: DocumentSaver;
  private readonly appending = new Set<Promise<MessageRecord>>();
  private readonly strings = new SharedStrings();
  /** Segments whose records changed through the current change-log file. */
  private touched = new Set<number>();
  private compaction: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private ageTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly opts: StoreOptions,
    private readonly layout: StoreLayout,
    private readonly lock: DirLock,
    recovered: RecoveredStore,
    private readonly changeLog: ChangeLog,
    changes: FlagChange[],
  ) {
    this.dataDir = layout.dataDir;
    this.saver = new DocumentSaver(
      { soonMs: SOON_MS, lazyMs: LAZY_MS },
      { write: (doc) => doc.write(changeLog.seq), remove: (doc) => this.removeSegmentFiles(doc) },
      opts.log,
    );
    this.writer = new SegmentWriter(
      (segment) => rawSegmentPath(layout, segment),
      layout.rawDir,
      recovered.nextSegment,
      {
        messages: opts.segmentMaxMessages ?? DEFAULT_SEGMENT_MESSAGES,
        bytes: opts.segmentMaxBytes ?? DEFAULT_SEGMENT_BYTES,
      },
      {
        onCommit: (segment, written, end) => this.committed(segment, written, end),
        onSealed: (segment) => this.sealed(segment),
        alone: () => this.appending.size <= 1 && (opts.senders?.() ?? 1) <= 1,
      },
      opts.log,
    );
    for (const doc of recovered.segments) {
      this.docs.set(doc.segment, doc);
      for (const record of doc.records) {
        // Documents written before transcripts were left in the log held them as well.
        if (record.envelope.transcript !== undefined) record.envelope = withoutTranscript(record.envelope);
        this.strings.shareRecord(record);
      }
      const duplicates = doc.records.filter((record) => !this.index.add(record));
      if (duplicates.length > 0) {
        opts.log.warn({ path: doc.path, ids: duplicates.map((r) => r.id) }, `${doc.path} repeats messages stored before; keeping the first of each`);
        doc.retain((record) => this.index.get(record.id) === record);
        this.saver.saveLater(doc);
      }
    }
    for (const doc of recovered.replayed) this.saver.saveLater(doc);
    this.applyChanges(changes);
  }

  /** The change log's changes that are newer than the documents of the records they name. */
  private applyChanges(changes: FlagChange[]): void {
    for (const doc of this.docs.values()) this.changeLog.seqAtLeast(doc.changeSeq);
    for (const change of changes) {
      const record = this.index.get(change.id);
      if (!record || change.seq <= (this.docs.get(record.raw.segment)?.changeSeq ?? 0)) continue;
      if (change.read !== undefined) this.index.setRead(record, change.read);
      if (change.tags !== undefined) this.index.setTags(record, change.tags);
      this.touched.add(record.raw.segment);
    }
  }

  async start(): Promise<void> {
    const empty = [...this.docs.values()].filter((doc) => doc.records.length === 0);
    await Promise.all(empty.map((doc) => this.dropSegment(doc)));
    this.pruneByAge(true);
    this.pruneByCount();
    // The files found at start are old: the documents they touched are written, then they go.
    this.compact();
    if (this.opts.maxAgeMs > 0) {
      const every = Math.min(Math.max(this.opts.maxAgeMs / 4, 100), 60_000);
      this.ageTimer = setInterval(() => this.pruneByAge(true), every).unref();
    }
    this.opts.log.info({ dataDir: this.dataDir, messages: this.total, segments: this.docs.size }, 'message store opened');
  }

  get total(): number {
    return this.index.total;
  }

  get unread(): number {
    return this.index.unread;
  }

  get(id: string): MessageRecord | undefined {
    return this.index.get(id);
  }

  list(start: number, limit: number): MessageRecord[] {
    return this.index.list(start, limit);
  }

  latest(): MessageRecord | undefined {
    return this.index.latest();
  }

  tags(): string[] {
    return this.index.tags();
  }

  tagCounts(): Record<string, number> {
    return this.index.tagCounts();
  }

  newestFirst(): Iterable<MessageRecord> {
    return this.index.newestFirst();
  }

  append(envelope: Envelope, data: Buffer[]): Promise<MessageRecord> {
    if (this.closing) return Promise.reject(this.closedError());
    const appended = this.summarizeAndWrite(envelope, data);
    this.appending.add(appended);
    const forget = () => this.appending.delete(appended);
    appended.then(forget, forget);
    return appended;
  }

  private async summarizeAndWrite(envelope: Envelope, data: Buffer[]): Promise<MessageRecord> {
    const raw = data.length === 1 ? data[0]! : Buffer.concat(data);
    let summary: Summary;
    try {
      summary = await this.opts.summarize(raw, envelope);
    } catch (err) {
      this.opts.log.warn({ err }, 'could not summarize a message; storing it with a parse error');
      summary = fallbackSummary(envelope, err);
    }
    const prepared = newRecord(newMessageId(), envelope, summary, raw.length);
    this.strings.shareRecord(prepared.record);
    return this.writer.append(prepared, raw);
  }

  async readRaw(id: string): Promise<Buffer | undefined> {
    const record = this.index.get(id);
    if (!record) return undefined;
    return this.readSegment(record, async (read) => read(record.raw.offset, record.raw.length));
  }

  async readTranscript(id: string): Promise<string | undefined> {
    const record = this.index.get(id);
    if (!record) return undefined;
    // The transcript is kept only in the write-ahead log entry, after the raw bytes.
    return this.readSegment(record, async (read) => {
      const before = Math.min(record.raw.offset, MAX_HEADER_LENGTH);
      const header = decodeHeaderBefore(await read(record.raw.offset - before, before));
      if (!header) throw new Error(`the raw segment entry of message ${id} has no valid header`);
      return transcriptOf(JSON.parse((await read(record.raw.offset + record.raw.length, header.jsonLength)).toString('utf8')));
    });
  }

  /**
   * Runs `use` with positioned reads of the record's raw segment; undefined if the file is gone.
   * Opening, closing and reads of up to SYNC_READ_MAX_BYTES run on the event loop's thread: from
   * the page cache they take microseconds, and the thread-pool round trips took more (a third of
   * the time to answer for a 5 KB message).
   */
  private async readSegment<T>(record: MessageRecord, use: (read: (offset: number, length: number) => Promise<Buffer>) => Promise<T>): Promise<T | undefined> {
    const file = rawSegmentPath(this.layout, record.raw.segment);
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (err) {
      // Deleted between the lookup and the open.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      return await use(async (offset, length) => {
        const buffer = Buffer.allocUnsafe(length);
        let filled = 0;
        while (filled < length) {
          const size = length - filled;
          const bytesRead = size <= SYNC_READ_MAX_BYTES
            ? readSync(fd, buffer, filled, size, offset + filled)
            : (await readAsync(fd, buffer, filled, size, offset + filled)).bytesRead;
          if (bytesRead === 0) throw new Error(`${file} ends before the ${length} bytes of message ${record.id} at byte ${offset}`);
          filled += bytesRead;
        }
        return buffer;
      });
    } finally {
      closeSync(fd);
    }
  }

  async setRead(ids: string[] | 'all', read: boolean): Promise<void> {
    this.assertOpen();
    const targets = ids === 'all' ? [...this.index.newestFirst()] : this.lookup(ids);
    const changed = targets.filter((record) => this.index.setRead(record, read));
    for (const record of changed) this.emit('update', { id: record.id, read });
    if (changed.length > LOGGED_CHANGES_MAX) await this.saveDocsOf(changed);
    else await this.logChanges(changed, changed.map((record) => ({ id: record.id, read })));
  }

  async setTags(id: string, tags: string[]): Promise<void> {
    this.assertOpen();
    const record = this.index.get(id);
    if (!record) return;
    const clean = [...new Set(tags.map((tag) => tag.trim()).filter((tag) => tag !== ''))];
    if (clean.length === record.tags.length && clean.every((tag, i) => tag === record.tags[i])) return;
    this.index.setTags(record, clean);
    this.emit('update', { id, tags: clean });
    await this.logChanges([record], [{ id, tags: clean }]);
  }

  async delete(ids: string[]): Promise<void> {
    this.assertOpen();
    const removed = this.index.remove(ids);
    for (const record of removed) this.emit('delete', { id: record.id });
    await this.forgetRecords(removed, 'soon');
  }

  async deleteAll(): Promise<void> {
    this.assertOpen();
    // Later messages go to a new segment, so that every existing one can be removed.
    await this.writer.seal();
    this.index.clear();
    const work: Array<Promise<void>> = [];
    for (const doc of this.docs.values()) {
      doc.clearRecords();
      work.push(doc.segment === this.writer.activeSegment ? this.saver.save(doc) : this.dropSegment(doc));
    }
    this.emit('truncate');
    await Promise.all(work);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.ageTimer);
    try {
      await Promise.allSettled([...this.appending]);
      await this.writer.seal();
      await this.saver.flushAll();
      await this.compaction;
      await this.changeLog.close();
    } finally {
      await this.lock.release();
    }
    this.opts.log.info({ dataDir: this.dataDir, messages: this.total }, 'message store closed');
  }

  /** Runs synchronously once the writer's entries are on disk, before their appends resolve. */
  private committed(segment: number, written: WrittenRecord[], end: number): void {
    let doc = this.docs.get(segment);
    if (!doc) {
      doc = new SegmentRecords(segment, recordsDocumentPath(this.layout, segment), rawSegmentPath(this.layout, segment));
      this.docs.set(segment, doc);
    }
    // No checkpoint yet: while the segment is active its entries are the log replayed at start
    // (at most a segment's worth); rewriting its whole document every second cost more.
    doc.addWritten(written, end);
    for (const { record } of written) {
      this.index.add(record);
      this.emit('new', record);
    }
    this.pruneByCount();
    this.pruneByAge(false);
  }

  private sealed(segment: number): void {
    const doc = this.docs.get(segment);
    if (doc) {
      if (doc.records.length === 0) this.dropSegment(doc).catch(() => undefined);
      // Soon rather than lazily: until then the document keeps its records' entry JSON (see SegmentRecords).
      else this.saver.saveSoon(doc);
      return;
    }
    // No entry of it was ever written: nothing refers to the file.
    const file = rawSegmentPath(this.layout, segment);
    unlink(file).catch((err: unknown) => this.opts.log.warn({ err, path: file }, 'could not remove an unused raw segment'));
  }

  private pruneByCount(): void {
    const max = this.opts.maxMessages;
    if (max <= 0 || this.index.total <= max) return;
    this.prune(this.index.removeOldest(this.index.total - max), 'max-messages');
  }

  /**
   * After a flush only the oldest arrivals are looked at (O(1) when nothing expired); at start
   * and on the timer every record is, in case clocks made arrival and receive order differ.
   */
  private pruneByAge(everything: boolean): void {
    if (this.opts.maxAgeMs <= 0) return;
    const cutoff = Date.now() - this.opts.maxAgeMs;
    const expired = (record: MessageRecord) => Date.parse(record.created) < cutoff;
    let head = 0;
    for (const record of this.index.oldestFirst()) {
      if (!expired(record)) break;
      head++;
    }
    if (head > 0) this.prune(this.index.removeOldest(head), 'max-age');
    if (!everything) return;
    const rest: string[] = [];
    for (const record of this.index.oldestFirst()) if (expired(record)) rest.push(record.id);
    if (rest.length > 0) this.prune(this.index.remove(rest), 'max-age');
  }

  private prune(removed: MessageRecord[], reason: BusEvents['prune'][0]['reason']): void {
    // Written lazily: should a crash lose the write, retention prunes them again at start.
    this.forgetRecords(removed, 'lazy').catch(() => undefined);
    this.emit('prune', { ids: removed.map((record) => record.id), reason });
  }

  /** Removes records (already out of the index) from their documents, dropping emptied segments. */
  private async forgetRecords(records: MessageRecord[], urgency: 'soon' | 'lazy'): Promise<void> {
    const bySegment = new Map<number, Set<string>>();
    for (const record of records) {
      const ids = bySegment.get(record.raw.segment) ?? new Set<string>();
      ids.add(record.id);
      bySegment.set(record.raw.segment, ids);
    }
    const work: Array<Promise<void>> = [];
    for (const [segment, ids] of bySegment) {
      const doc = this.docs.get(segment);
      if (!doc) continue;
      doc.removeRecords(ids);
      if (doc.records.length === 0 && segment !== this.writer.activeSegment) work.push(this.dropSegment(doc));
      else if (urgency === 'soon') work.push(this.saver.save(doc));
      else this.saver.saveLater(doc);
    }
    await Promise.all(work);
  }

  private logChanges(records: MessageRecord[], changes: NewFlagChange[]): Promise<void> {
    if (changes.length === 0) return Promise.resolve();
    for (const record of records) this.touched.add(record.raw.segment);
    const written = this.changeLog.append(changes);
    if (this.changeLog.size > (this.opts.changeLogMaxBytes ?? DEFAULT_CHANGE_LOG_MAX_BYTES)) {
      this.changeLog.rotate();
      this.compact();
    }
    return written;
  }

  /**
   * Writes the documents that the change log's older files touched, then removes those files.
   * One at a time; what a failed or skipped run leaves is taken up by the next (at the next
   * rotation or start).
   */
  private compact(): void {
    if (this.compaction) return;
    const segments = this.touched;
    this.touched = new Set();
    const before = this.changeLog.currentFile;
    for (const segment of segments) {
      const doc = this.docs.get(segment);
      if (doc) this.saver.saveLater(doc);
    }
    // flushAll also waits for the removal of a segment dropped meanwhile: until its emptied
    // document is written, a crash would bring its records back, and they need their changes.
    this.compaction = this.saver
      .flushAll()
      .then(() => this.changeLog.removeBefore(before))
      .catch((err: unknown) => {
        for (const segment of segments) this.touched.add(segment);
        this.opts.log.warn({ err }, 'could not fold the change log into the records documents; its files stay until the next try');
      })
      .finally(() => (this.compaction = undefined));
  }

  private saveDocsOf(records: MessageRecord[]): Promise<void> {
    const segments = new Set(records.map((record) => record.raw.segment));
    const docs = [...segments].map((segment) => this.docs.get(segment)).filter((doc) => doc !== undefined);
    return Promise.all(docs.map((doc) => this.saver.save(doc))).then(() => undefined);
  }

  /** Forgets a segment without live records and removes its files (empty document first). */
  private dropSegment(doc: SegmentRecords): Promise<void> {
    this.docs.delete(doc.segment);
    return this.saver.remove(doc);
  }

  private async removeSegmentFiles(doc: SegmentRecords): Promise<void> {
    await unlink(doc.rawPath).catch(ignoreMissing);
    await fsyncDir(this.layout.rawDir);
    await unlink(doc.path).catch(ignoreMissing);
    await fsyncDir(this.layout.recordsDir);
  }

  private lookup(ids: string[]): MessageRecord[] {
    const records = new Set<MessageRecord>();
    for (const id of ids) {
      const record = this.index.get(id);
      if (record) records.add(record);
    }
    return [...records];
  }

  private emit<K extends keyof BusEvents>(event: K, ...args: BusEvents[K]): void {
    try {
      const emit = this.opts.bus.emit as (event: K, ...args: BusEvents[K]) => boolean;
      emit.call(this.opts.bus, event, ...args);
    } catch (err) {
      this.opts.log.error({ err, event }, 'a listener of the event bus threw');
    }
  }

  private assertOpen(): void {
    if (this.closing) throw this.closedError();
  }

  private closedError(): Error {
    return new Error(`the message store at ${this.dataDir} is closed`);
  }
}

function ignoreMissing(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}
