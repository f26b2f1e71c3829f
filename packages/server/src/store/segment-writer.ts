import { constants, writevSync } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Logger } from '../log.js';
import type { PreparedRecord } from './new-record.js';
import type { MessageRecord, RawLocation } from './record.js';
import { DSYNC } from './dsync.js';
import { fsyncDir } from './fsync-dir.js';
import { encodeEntryJson, encodeHeader, ENTRY_HEADER_LENGTH } from './wal-entry.js';
import { ZeroedRunway } from './zeroed-runway.js';

export interface SegmentLimits {
  /** Roll to a new segment after this many messages. */
  messages: number;
  /** Roll before an entry would take a segment past this many bytes (a larger entry gets a segment of its own). */
  bytes: number;
}

/** A record whose entry is on disk, with its JSON as the entry holds it (see encodeEntryJson). */
export interface WrittenRecord {
  record: MessageRecord;
  recordHead: Buffer;
}

export interface SegmentWriterHooks {
  /** Called synchronously once the entries are on disk; `end` is the segment's durable length. */
  onCommit(segment: number, written: WrittenRecord[], end: number): void;
  /** Called once no more entries will go to the segment and its file is closed. */
  onSealed(segment: number): void;
  /**
   * Whether no other message is on its way to the writer: a lone entry is then written inline,
   * and a group is taken without waiting for the rest of the event loop's turn.
   */
  alone(): boolean;
}

/** A lone entry up to this size is written inline; a larger write would stall the event loop. */
const INLINE_WRITE_MAX_BYTES = 256 * 1024;
const SEGMENT_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | DSYNC;

interface PendingEntry {
  kind: 'entry';
  prepared: PreparedRecord;
  raw: Buffer;
  resolve(record: MessageRecord): void;
  reject(err: unknown): void;
}

interface PlacedEntry {
  entry: PendingEntry;
  /** Where the entry's raw bytes go; set on its record once they are on disk. */
  raw: RawLocation;
  recordHead: Buffer;
}

interface SealRequest {
  kind: 'seal';
  done(): void;
}

interface ActiveSegment {
  number: number;
  path: string;
  handle: FileHandle;
  /** Durable length: where the next entry goes. */
  end: number;
  count: number;
  /** Only where writes are O_DSYNC: with an fdatasync after each write, zeros would only add bytes to it. */
  runway: ZeroedRunway | undefined;
}

/**
 * Appends entries to the active raw segment with group commit: everything queued while a flush
 * runs goes out in the next flush as one positioned writev to a file opened O_DSYNC, after which every
 * entry of that flush resolves. A segment is only ever appended to by the writer that created it.
 */
export class SegmentWriter {
  private queue: Array<PendingEntry | SealRequest> = [];
  private running: Promise<void> | undefined;
  private active: ActiveSegment | undefined;

  constructor(
    private readonly rawPath: (segment: number) => string,
    private readonly rawDir: string,
    private nextSegment: number,
    private readonly limits: SegmentLimits,
    private readonly hooks: SegmentWriterHooks,
    private readonly log: Logger,
  ) {}

  /** The segment entries are being appended to, if one is open. */
  get activeSegment(): number | undefined {
    return this.active?.number;
  }

  /** Resolves with the record, its raw location filled in, once its entry is on disk. */
  append(prepared: PreparedRecord, raw: Buffer): Promise<MessageRecord> {
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'entry', prepared, raw, resolve, reject });
      this.kick();
    });
  }

  /** Closes the active segment after what is queued; later entries open a new one. */
  seal(): Promise<void> {
    return new Promise((done) => {
      this.queue.push({ kind: 'seal', done });
      this.kick();
    });
  }

  private kick(): void {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      // With other senders, the group waits for the rest of this turn of the event loop: a write
      // that finished is seen before the sockets whose messages became ready in the same turn,
      // and starting the next write at once left those for the write after. (8 connections:
      // 13 of 16 alternating runs faster, median +6.7 %.) A lone sender has nobody to wait for.
      if (!this.hooks.alone()) await yieldToLoop();
      const jobs = this.queue.splice(0);
      try {
        let batch: PendingEntry[] = [];
        for (const job of jobs) {
          if (job.kind === 'entry') {
            batch.push(job);
            continue;
          }
          await this.writeBatch(batch);
          batch = [];
          await this.closeActive();
          job.done();
        }
        await this.writeBatch(batch);
      } catch (err) {
        // A bug, not an I/O error (those are handled per group): fail what is left, keep going.
        this.log.error({ err }, 'raw segment writer failed');
        for (const job of jobs) {
          if (job.kind === 'entry') job.reject(err);
          else job.done();
        }
      }
    }
  }

  private async writeBatch(batch: PendingEntry[]): Promise<void> {
    let i = 0;
    while (i < batch.length) {
      const first = batch[i]!;
      let segment: ActiveSegment;
      try {
        segment = await this.segmentFor(first);
      } catch (err) {
        this.log.error({ err }, 'could not create a raw segment');
        first.reject(err);
        i++;
        continue;
      }
      const group: PlacedEntry[] = [];
      const buffers: Buffer[] = [];
      const groupStart = segment.end;
      let position = groupStart;
      for (; i < batch.length; i++) {
        const entry = batch[i]!;
        if (group.length > 0 && !this.fits(segment, group.length, position - segment.end, entry)) break;
        const raw: RawLocation = { segment: segment.number, offset: position + ENTRY_HEADER_LENGTH, length: entry.raw.length };
        const { recordHead, tail } = encodeEntryJson(entry.prepared.json, raw, entry.prepared.transcript);
        buffers.push(encodeHeader(groupStart, entry.raw, [recordHead, tail]), entry.raw, recordHead, tail);
        position += ENTRY_HEADER_LENGTH + entry.raw.length + recordHead.length + tail.length;
        group.push({ entry, raw, recordHead });
      }
      await this.writeGroup(segment, group, buffers, position);
    }
  }

  private async writeGroup(
    segment: ActiveSegment,
    group: PlacedEntry[],
    buffers: Buffer[],
    end: number,
  ): Promise<void> {
    try {
      await segment.runway?.clear(end);
      // A lone message is written on this thread: a thread-pool round trip (and the wake-up of an
      // idle event loop) cost more than the write itself. Under load the loop keeps working meanwhile.
      const { bytesWritten } =
        group.length === 1 && end - segment.end <= INLINE_WRITE_MAX_BYTES && this.queue.length === 0 && this.hooks.alone()
          ? { bytesWritten: writevSync(segment.handle.fd, buffers, segment.end) }
          : await segment.handle.writev(buffers, segment.end);
      if (bytesWritten !== end - segment.end) throw new Error(`short write to ${segment.path}: ${bytesWritten} of ${end - segment.end} bytes`);
      if (!DSYNC) await segment.handle.datasync();
    } catch (err) {
      this.log.error({ err, path: segment.path }, 'could not write to the raw segment; its messages were not stored');
      // Their bytes, in whatever state, are cut off (durably, where that still works) before the
      // senders hear of the failure: a retry must not find the first copy back after a crash.
      await this.closeActive(true);
      for (const { entry } of group) entry.reject(err);
      return;
    }
    segment.runway?.wrote(end, end - segment.end);
    segment.end = end;
    segment.count += group.length;
    const written = group.map(({ entry, raw, recordHead }) => {
      entry.prepared.record.raw = raw;
      return { record: entry.prepared.record, recordHead };
    });
    this.hooks.onCommit(segment.number, written, end);
    for (const { entry } of group) entry.resolve(entry.prepared.record);
  }

  private fits(segment: ActiveSegment, queuedCount: number, queuedBytes: number, entry: PendingEntry): boolean {
    const count = segment.count + queuedCount;
    const bytes = segment.end + queuedBytes;
    if (count >= this.limits.messages) return false;
    return count === 0 || bytes + ENTRY_HEADER_LENGTH + entry.raw.length <= this.limits.bytes;
  }

  private async segmentFor(entry: PendingEntry): Promise<ActiveSegment> {
    if (this.active && this.fits(this.active, 0, 0, entry)) return this.active;
    await this.closeActive();
    let handle: FileHandle | undefined;
    let number = this.nextSegment;
    while (!handle) {
      number = this.nextSegment++;
      try {
        handle = await open(this.rawPath(number), SEGMENT_FLAGS);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    const path = this.rawPath(number);
    try {
      // The new file's directory entry must be durable before its first message is acknowledged.
      await fsyncDir(this.rawDir);
    } catch (err) {
      await handle.close().catch(() => undefined);
      await unlink(path).catch(() => undefined);
      throw err;
    }
    // Nothing is laid yet: under load, groups are too large to gain from it, and a first small
    // write lays the runway for the ones after it.
    const runway = DSYNC ? new ZeroedRunway(path, this.limits.bytes, this.log) : undefined;
    this.active = { number, path, handle, end: 0, count: 0, runway };
    return this.active;
  }

  /** `syncCut`: bytes of unknown state may lie past the last entry, and cutting them must be durable. */
  private async closeActive(syncCut = false): Promise<void> {
    const segment = this.active;
    if (!segment) return;
    await segment.runway?.settle();
    // Zeros or a failed write's bytes past the last entry go; should this not reach the disk, a scan still ends there.
    await segment.handle
      .truncate(segment.end)
      .then(() => (syncCut ? segment.handle.datasync() : undefined))
      .catch((err: unknown) => this.log.warn({ err, path: segment.path }, 'could not cut a raw segment to its entries'));
    await segment.handle.close().catch((err: unknown) => this.log.warn({ err, path: segment.path }, 'could not close a raw segment'));
    // Still reported as active until here, so that nobody removes it while it is being closed.
    this.active = undefined;
    this.hooks.onSealed(segment.number);
  }
}
