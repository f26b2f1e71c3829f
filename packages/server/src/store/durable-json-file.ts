import { isAscii } from 'node:buffer';
import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { fsyncDir } from './fsync-dir.js';

/** What to do when the file is there but is not JSON: turn it into an error for the caller. */
export type NotJsonHandler = (path: string, cause: SyntaxError) => Error;

/**
 * A lowdb adapter that survives power loss: it writes a temp file, fsyncs it, renames it over
 * the document and fsyncs the directory. lowdb's own JSONFile renames without any fsync.
 * Writes are compact JSON: documents hold up to a thousand records.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  /** Left behind only by a crash mid-write; never the document itself, so safe to delete. */
  readonly tempPath: string;

  constructor(
    readonly path: string,
    private readonly notJson: NotJsonHandler,
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
    const text = JSON.stringify(data);
    const handle = await open(this.tempPath, 'w');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(this.tempPath, this.path);
    await fsyncDir(path.dirname(this.path));
  }
}
