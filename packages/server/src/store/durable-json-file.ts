import { isAscii } from 'node:buffer';
import { constants } from 'node:fs';
import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { DSYNC } from './dsync.js';
import { fsyncDir } from './fsync-dir.js';

/** What to do when the file is there but is not JSON: turn it into an error for the caller. */
export type NotJsonHandler = (path: string, cause: SyntaxError) => Error;

/** The document's JSON as bytes, in pieces; synchronous, so that they are the data as it was when the write began. */
export type Serializer<T> = (data: T) => Buffer[];

/**
 * A document (up to ~3 MB) goes to the disk in stretches of this size, each durable before the
 * next. Flushed at once, it held up the write-ahead log's writes queued behind it for ~10 ms,
 * with every SMTP session waiting for its 250.
 */
const STRETCH_BYTES = 128 * 1024;
const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | DSYNC;

/**
 * A lowdb adapter that survives power loss: it writes a temp file durably, renames it over
 * the document and fsyncs the directory. lowdb's own JSONFile renames without any fsync.
 * The owner serialises: a records document is mostly JSON its log entries already hold.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  /** Left behind only by a crash mid-write; never the document itself, so safe to delete. */
  readonly tempPath: string;

  constructor(
    readonly path: string,
    private readonly notJson: NotJsonHandler,
    private readonly serialize: Serializer<T>,
  ) {
    this.tempPath = `${path}.tmp`;
  }

  async read(): Promise<T | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    // Documents are nearly always ASCII (JSON escapes nothing else, but mail text can hold it):
    // read as such, a document becomes a string at memory speed instead of through UTF-8
    // decoding, which was a fifth of start-up with 50,000 stored.
    const text = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw this.notJson(this.path, err as SyntaxError);
    }
  }

  /** Not reentrant: the caller runs one write per file at a time. */
  async write(data: T): Promise<void> {
    // Serialised before the first await, so the file holds the data as it was at this call.
    const pieces = this.serialize(data);
    const handle = await open(this.tempPath, TEMP_FLAGS);
    try {
      await writeInStretches(handle, pieces);
      if (!DSYNC) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(this.tempPath, this.path);
    await fsyncDir(path.dirname(this.path));
  }
}

/**
 * Writes the pieces in order, at most STRETCH_BYTES per write (durable on return where DSYNC
 * is set), without first copying them into one buffer.
 */
async function writeInStretches(handle: FileHandle, pieces: Buffer[]): Promise<void> {
  let position = 0;
  let stretch: Buffer[] = [];
  let stretchBytes = 0;
  const flush = async () => {
    const { bytesWritten } = await handle.writev(stretch, position);
    if (bytesWritten !== stretchBytes) throw new Error(`short write: ${bytesWritten} of ${stretchBytes} bytes`);
    position += stretchBytes;
    stretch = [];
    stretchBytes = 0;
  };
  for (let piece of pieces) {
    while (stretchBytes + piece.length >= STRETCH_BYTES) {
      const room = STRETCH_BYTES - stretchBytes;
      stretch.push(piece.subarray(0, room));
      stretchBytes += room;
      piece = piece.subarray(room);
      await flush();
    }
    if (piece.length > 0) {
      stretch.push(piece);
      stretchBytes += piece.length;
    }
  }
  if (stretchBytes > 0) await flush();
}
