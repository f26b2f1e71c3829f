import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../log.js';
import { DSYNC } from './dsync.js';

/**
 * How much zeroed space is laid ahead of the active segment's end at a time. Entry writes that
 * reach the drive while a stretch is being written wait behind it: 2 MiB took ~4 ms here, and
 * with 8 connections 512 KiB stretches gave 2,595-3,015 msg/s against 2,017-2,763 in
 * alternating runs, with no loss for lone writes (a new connection per message).
 */
const STRETCH_BYTES = 512 * 1024;
/** A new stretch is laid when less than this is left ahead of the end. */
const LOW_WATER_BYTES = STRETCH_BYTES / 2;
const ZEROS = Buffer.alloc(256 * 1024);
/**
 * Only writes up to this size lead to more zeros being laid. The commit a write saves costs the
 * same for any size, while the zeros cost as many bytes as the write: with 200 KB messages they
 * took throughput from ~490 to ~350 msg/s.
 */
const SMALL_WRITE_BYTES = 32 * 1024;

/**
 * Zeroed, durable space ahead of a raw segment's end. An O_DSYNC write that stays inside space
 * already allocated and counted in the file's size changes no metadata, so it costs one data
 * write; a write that grows the file also waits for a journal commit (here about twice as long).
 * The zeros are written through an O_DSYNC descriptor of their own while entries go on being
 * written; only a write that reaches into the stretch being laid waits for it (the first small
 * write after a segment opens or after large writes used up the runway).
 *
 * Durability does not depend on this: every entry's own O_DSYNC write still makes whatever it
 * needs durable. The one rule is that zeros must never land on an entry, so a write that
 * reaches into a stretch still being laid waits for it (`clear`).
 *
 * Writing in place gives up one thing appends have: a power cut during the write may leave any
 * of its pages on disk, not a clean prefix. Each entry's checksum and group start (wal-entry.ts)
 * let the scan at start-up tell such a write from damage.
 */
export class ZeroedRunway {
  /** Bytes from the start of the file that are written or zeroed. */
  private laid = 0;
  private laying: Promise<void> | undefined;
  /**
   * A descriptor of its own: Linux reports a failed write-back once per open file, to whichever
   * O_DSYNC write asks first, and that must never be a stretch of zeros instead of an entry.
   */
  private handle: Promise<FileHandle> | undefined;
  private failed = false;

  constructor(
    private readonly path: string,
    /** The segment never grows past this, so no zeros go past it. */
    private readonly maxBytes: number,
    private readonly log: Logger,
  ) {}

  /** Resolves once a write ending at `end` cannot overlap zeros still being written. */
  async clear(end: number): Promise<void> {
    while (this.laying && end > this.laid) await this.laying;
  }

  /** After `written` bytes of entries were written up to `end`: lays the next stretch when little is left ahead. */
  wrote(end: number, written: number): void {
    this.laid = Math.max(this.laid, end);
    if (this.failed || written > SMALL_WRITE_BYTES || this.laying || this.laid - end >= LOW_WATER_BYTES || this.laid >= this.maxBytes) return;
    const from = this.laid;
    const length = Math.min(STRETCH_BYTES, this.maxBytes - from);
    const buffers: Buffer[] = [];
    for (let left = length; left > 0; left -= ZEROS.length) buffers.push(left >= ZEROS.length ? ZEROS : ZEROS.subarray(0, left));
    this.handle ??= open(this.path, constants.O_WRONLY | DSYNC);
    this.laying = this.handle
      .then((handle) => handle.writev(buffers, from))
      .then(
        ({ bytesWritten }) => {
          this.laid = Math.max(this.laid, from + bytesWritten);
        },
        (err: unknown) => {
          // Only a missed speed-up: entries are then appended past the end, as without a runway.
          this.failed = true;
          this.log.warn({ err, path: this.path }, 'could not lay zeroed space ahead of a raw segment; appending to it instead');
        },
      )
      .finally(() => {
        this.laying = undefined;
      });
  }

  /** Resolves once no zeros are being written and its descriptor is closed, so that the file can be cut to its entries. */
  async settle(): Promise<void> {
    while (this.laying) await this.laying;
    const handle = await this.handle?.catch(() => undefined);
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
  }
}
