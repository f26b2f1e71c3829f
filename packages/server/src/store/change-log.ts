import { constants } from 'node:fs';
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../log.js';
import { DSYNC } from './dsync.js';
import { fsyncDir } from './fsync-dir.js';
import { changeLogPath, listChangeLogFiles, type StoreLayout } from './segment-files.js';

/** A read flag or tags change of one message, numbered in the order the changes were made. */
export interface FlagChange {
  seq: number;
  id: string;
  read?: boolean;
  tags?: string[];
}

export type NewFlagChange = Omit<FlagChange, 'seq'>;

const OPEN_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND | DSYNC;

interface PendingLines {
  file: number;
  text: string;
  resolve(): void;
  reject(err: unknown): void;
}

interface ProgressWaiter {
  /** Resolved once this many appends have been written or have failed. */
  upTo: number;
  resolve(): void;
}

/**
 * Read flags and tags, appended as JSON lines: marking a message read costs one small durable
 * write instead of rewriting its segment's records document (a thousand records).
 *
 * Every change gets the next sequence number. A records document notes the last number it
 * reflects (`changeSeq`); at start a change is applied only to records whose document is older
 * than it. The files are `records/changes-NNNNNN.jsonl`. rotate() starts the next file; the store
 * then writes the documents the older files touched and removes those files (compaction).
 * Writes are grouped: changes made while one is on its way go out together in the next.
 */
export class ChangeLog {
  private readonly pending: PendingLines[] = [];
  private writing = false;
  /** Appends made and appends written (or failed): batches go out in append order. */
  private appended = 0;
  private settled = 0;
  private progressWaiters: ProgressWaiter[] = [];
  private handle: FileHandle | undefined;
  private handleFile = 0;
  /** Whether the directory entry of the open file is known to be durable. */
  private dirSynced = false;
  /** The file new changes go to. */
  private file: number;
  private bytes = 0;
  /** After a failed write the file may end mid-line: the next write starts a new one. */
  private brokenLine = false;

  private constructor(
    private readonly layout: StoreLayout,
    firstFile: number,
    private lastSeq: number,
    private readonly log: Logger,
  ) {
    this.file = firstFile;
  }

  /** Reads the changes already on disk, oldest first; new ones go to a new file (created on the first write). */
  static async open(layout: StoreLayout, log: Logger): Promise<{ changeLog: ChangeLog; found: FlagChange[] }> {
    const files = await listChangeLogFiles(layout);
    const changes: FlagChange[] = [];
    for (const file of files) {
      const path = changeLogPath(layout, file);
      changes.push(...parseChanges(await readFile(path, 'utf8'), path, log));
    }
    const lastSeq = changes.reduce((max, change) => Math.max(max, change.seq), 0);
    return { changeLog: new ChangeLog(layout, (files.at(-1) ?? 0) + 1, lastSeq, log), found: changes };
  }

  /** The number of the last change made (or found on disk, or reflected in a document). */
  get seq(): number {
    return this.lastSeq;
  }

  /** Makes later changes number above `seq` (the highest a records document reflects). */
  seqAtLeast(seq: number): void {
    this.lastSeq = Math.max(this.lastSeq, seq);
  }

  /** The file new changes go to; every file below it is old once rotate() made it current. */
  get currentFile(): number {
    return this.file;
  }

  /** Bytes of changes sent to the current file. */
  get size(): number {
    return this.bytes;
  }

  /** Numbers the changes at once; resolves when they are durable. */
  append(changes: NewFlagChange[]): Promise<void> {
    let text = '';
    for (const change of changes) text += `${JSON.stringify({ seq: ++this.lastSeq, ...change })}\n`;
    this.bytes += text.length;
    const written = new Promise<void>((resolve, reject) => this.pending.push({ file: this.file, text, resolve, reject }));
    this.appended++;
    if (!this.writing) {
      this.writing = true;
      void this.writeAll();
    }
    return written;
  }

  /** Later changes go to a new file. */
  rotate(): void {
    this.file++;
    this.bytes = 0;
  }

  /** Removes the files numbered below `file`, once the changes sent to them are written. */
  async removeBefore(file: number): Promise<void> {
    // Everything appended so far includes every change sent to an older file (rotate() came first).
    await this.settledUpTo(this.appended);
    const old = (await listChangeLogFiles(this.layout)).filter((number) => number < file);
    for (const number of old) {
      await unlink(changeLogPath(this.layout, number)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
    if (old.length > 0) await fsyncDir(this.layout.recordsDir);
  }

  /** Waits for the changes appended so far, then closes the file. */
  async close(): Promise<void> {
    await this.settledUpTo(this.appended);
    await this.handle?.close();
    this.handle = undefined;
  }

  private settledUpTo(count: number): Promise<void> {
    if (this.settled >= count) return Promise.resolve();
    return new Promise((resolve) => this.progressWaiters.push({ upTo: count, resolve }));
  }

  /** Never rejects: a failed batch rejects its own appends. Clears `writing` in the step that finds nothing left. */
  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      const file = this.pending[0]!.file;
      let count = 0;
      while (count < this.pending.length && this.pending[count]!.file === file) count++;
      const batch = this.pending.splice(0, count);
      try {
        const handle = await this.handleFor(file);
        const bytes = Buffer.from((this.brokenLine ? '\n' : '') + batch.map((lines) => lines.text).join(''), 'utf8');
        this.brokenLine = true;
        await writeFully(handle, bytes);
        if (!DSYNC) await handle.datasync();
        if (!this.dirSynced) {
          await fsyncDir(this.layout.recordsDir);
          this.dirSynced = true;
        }
        this.brokenLine = false;
        for (const lines of batch) lines.resolve();
      } catch (err) {
        this.log.error({ err, path: changeLogPath(this.layout, file) }, 'could not write read flag or tag changes');
        for (const lines of batch) lines.reject(err);
      }
      this.settled += batch.length;
      this.progressWaiters = this.progressWaiters.filter((waiter) => {
        if (waiter.upTo > this.settled) return true;
        waiter.resolve();
        return false;
      });
    }
    this.writing = false;
  }

  private async handleFor(file: number): Promise<FileHandle> {
    if (this.handle && this.handleFile === file) return this.handle;
    const previous = this.handle;
    this.handle = undefined;
    await previous?.close().catch(() => undefined);
    // Kept at once: should a later step fail, the next batch writes to this file, not a second create.
    this.handle = await open(changeLogPath(this.layout, file), OPEN_FLAGS);
    this.handleFile = file;
    this.dirSynced = false;
    this.brokenLine = false;
    return this.handle;
  }
}

/** FileHandle.write may write less than asked (a full disk): go on, or fail. */
async function writeFully(handle: FileHandle, bytes: Buffer): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
    if (bytesWritten === 0) throw new Error(`wrote 0 of ${bytes.length - done} bytes`);
    done += bytesWritten;
  }
}

/** The well-formed changes of a file; a damaged line (a write cut off by a crash) is skipped with a warning. */
function parseChanges(text: string, file: string, log: Logger): FlagChange[] {
  const changes: FlagChange[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (isFlagChange(value)) changes.push(value);
    else log.warn({ path: file, line: i + 1 }, `${file}: skipping line ${i + 1}, which is not a read flag or tags change (cut off by a crash?)`);
  });
  return changes;
}

function isFlagChange(value: unknown): value is FlagChange {
  if (typeof value !== 'object' || value === null) return false;
  const change = value as Partial<FlagChange>;
  if (!Number.isSafeInteger(change.seq) || (change.seq as number) <= 0 || typeof change.id !== 'string') return false;
  if (change.read !== undefined) return typeof change.read === 'boolean' && change.tags === undefined;
  return Array.isArray(change.tags) && change.tags.every((tag) => typeof tag === 'string');
}
