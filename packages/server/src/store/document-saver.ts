import type { Logger } from '../log.js';
import type { SegmentRecords } from './segment-records.js';

export interface SaveDelays {
  /** For changes a person made (read, tags, delete): written within a few milliseconds. */
  soonMs: number;
  /** For changes the write-ahead log or retention already covers (ingest checkpoints, prunes). */
  lazyMs: number;
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

interface Pending {
  dueAt: number;
  waiters: Waiter[];
  /** After the write, delete the segment's files (it has no live records left). */
  remove: boolean;
}

/**
 * Writes dirty records documents, coalescing changes: a document marked several times before
 * its write is written once. Writes run one at a time, so a document is never written by two
 * writes at once and the WAL's fdatasync is not crowded out.
 */
export class DocumentSaver {
  private readonly pending = new Map<SegmentRecords, Pending>();
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(
    private readonly delays: SaveDelays,
    private readonly files: {
      write(doc: SegmentRecords): Promise<void>;
      /** Deletes a segment's raw file and then its (already emptied and written) document. */
      remove(doc: SegmentRecords): Promise<void>;
    },
    private readonly log: Logger,
  ) {}

  /** Writes the document soon; settles once a write holding its current state is done. */
  save(doc: SegmentRecords): Promise<void> {
    return this.waitFor(this.mark(doc, this.delays.soonMs, false));
  }

  /** Writes the document soon; nobody waits for it (a failed write is logged and tried again). */
  saveSoon(doc: SegmentRecords): void {
    this.mark(doc, this.delays.soonMs, false);
  }

  /** Writes the document within the lazy delay; nobody waits for it. */
  saveLater(doc: SegmentRecords): void {
    this.mark(doc, this.delays.lazyMs, false);
  }

  /**
   * Writes the (empty) document, then deletes the segment's files. In that order a crash in
   * between leaves an empty document and no raw file, never a raw file whose deletions are lost.
   */
  remove(doc: SegmentRecords): Promise<void> {
    return this.waitFor(this.mark(doc, this.delays.soonMs, true));
  }

  /** Writes everything pending now; rejects if a write fails. */
  async flushAll(): Promise<void> {
    const waits = [...this.pending.values()].map((pending) => {
      pending.dueAt = 0;
      return this.waitFor(pending);
    });
    this.clearTimer();
    this.kick();
    await Promise.all(waits);
    while (this.running) await this.running;
  }

  private mark(doc: SegmentRecords, delay: number, remove: boolean): Pending {
    const dueAt = Date.now() + delay;
    let pending = this.pending.get(doc);
    if (pending) {
      pending.dueAt = Math.min(pending.dueAt, dueAt);
      pending.remove ||= remove;
    } else {
      pending = { dueAt, waiters: [], remove };
      this.pending.set(doc, pending);
    }
    this.schedule();
    return pending;
  }

  private waitFor(pending: Pending): Promise<void> {
    return new Promise((resolve, reject) => pending.waiters.push({ resolve, reject }));
  }

  private schedule(): void {
    if (this.running) return;
    let next = Infinity;
    for (const pending of this.pending.values()) next = Math.min(next, pending.dueAt);
    if (next === Infinity || this.timerAt <= next) return;
    this.clearTimer();
    this.timerAt = next;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.kick();
    }, Math.max(0, next - Date.now()));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private kick(): void {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
      this.schedule();
    });
  }

  private async run(): Promise<void> {
    for (;;) {
      const now = Date.now();
      const due = [...this.pending].filter(([, pending]) => pending.dueAt <= now);
      if (due.length === 0) return;
      for (const [doc, pending] of due) {
        this.pending.delete(doc);
        try {
          await this.files.write(doc);
          if (pending.remove) await this.files.remove(doc);
          for (const waiter of pending.waiters) waiter.resolve();
        } catch (err) {
          this.log.error({ err, path: doc.path }, 'could not write a records document; will try again');
          for (const waiter of pending.waiters) waiter.reject(err);
          this.mark(doc, this.delays.lazyMs, pending.remove);
        }
      }
    }
  }
}
