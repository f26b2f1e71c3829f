import { open, type FileHandle } from 'node:fs/promises';
import type { MessageRecord } from './record.js';
import { StoreDamagedError } from './errors.js';
import { decodeHeader, decodeRecord, ENTRY_MAGIC, HEADER_LENGTH } from './wal-entry.js';

export interface SegmentScan {
  /** The records of the valid entries from the start offset on, in write order. */
  records: MessageRecord[];
  /** Offset just past the last valid entry. */
  end: number;
  /** File size. */
  size: number;
  /** Bytes after `end` that hold no valid entry: a write cut off by a crash, never acknowledged. */
  tornBytes: number;
}

const WINDOW = 256 * 1024;
const SEARCH_CHUNK = 1024 * 1024;

/**
 * Reads a raw segment's entries from `from` on, looking only at headers and record JSON (raw
 * bodies are skipped). An entry that is broken with nothing valid after it is a torn tail; one
 * followed by valid entries means the file was damaged and gives StoreDamagedError.
 */
export async function scanSegment(filePath: string, segment: number, from: number): Promise<SegmentScan> {
  const handle = await open(filePath, 'r');
  try {
    const size = (await handle.stat()).size;
    const reader = new WindowReader(handle, size);
    const records: MessageRecord[] = [];
    let pos = from;
    while (pos < size) {
      const entry = await readEntry(reader, segment, pos);
      if (!entry) break;
      records.push(entry.record);
      pos = entry.end;
    }
    if (pos < size) {
      const next = await findNextEntry(reader, segment, pos + 1);
      if (next !== undefined) {
        throw new StoreDamagedError(
          filePath,
          `${filePath} is damaged: the entry at byte ${pos} is broken, yet valid entries follow at byte ${next}, ` +
            `so this is not a write cut off by a crash. Nothing has been changed. Restore the file from a backup, ` +
            `or move it aside with \`mv ${filePath} ${filePath}.damaged\` and start again: ` +
            `its messages are then left out of the store and the moved file is kept for recovery.`,
        );
      }
    }
    return { records, end: pos, size, tornBytes: size - pos };
  } finally {
    await handle.close();
  }
}

async function readEntry(reader: WindowReader, segment: number, pos: number): Promise<{ record: MessageRecord; end: number } | undefined> {
  const headerBytes = await reader.read(pos, HEADER_LENGTH);
  if (headerBytes.length < HEADER_LENGTH) return undefined;
  const header = decodeHeader(headerBytes);
  if (!header) return undefined;
  const end = pos + HEADER_LENGTH + header.jsonLength + header.rawLength;
  if (end > reader.size) return undefined;
  const json = await reader.read(pos + HEADER_LENGTH + header.rawLength, header.jsonLength);
  const record = decodeRecord(json, segment, pos, header);
  return record && { record, end };
}

/** The offset of the first valid entry at or after `from`, if any. */
async function findNextEntry(reader: WindowReader, segment: number, from: number): Promise<number | undefined> {
  const magic = Buffer.from(ENTRY_MAGIC, 'latin1');
  for (let chunkStart = from; chunkStart < reader.size; chunkStart += SEARCH_CHUNK - magic.length) {
    const chunk = await reader.readFresh(chunkStart, SEARCH_CHUNK);
    for (let i = chunk.indexOf(magic); i !== -1; i = chunk.indexOf(magic, i + 1)) {
      if (await readEntry(reader, segment, chunkStart + i)) return chunkStart + i;
    }
    if (chunk.length < SEARCH_CHUNK) break;
  }
  return undefined;
}

/** Positioned reads through a window, so that small entries cost one read per window. */
class WindowReader {
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  /** Up to `length` bytes at `pos` (fewer at the end of the file); valid until the next read. */
  async read(pos: number, length: number): Promise<Buffer> {
    const offset = pos - this.windowStart;
    if (offset >= 0 && offset + length <= this.window.length) return this.window.subarray(offset, offset + length);
    this.window = await this.readFresh(pos, Math.max(length, WINDOW));
    this.windowStart = pos;
    return this.window.subarray(0, Math.min(length, this.window.length));
  }

  async readFresh(pos: number, length: number): Promise<Buffer> {
    const want = Math.max(0, Math.min(length, this.size - pos));
    const buffer = Buffer.allocUnsafe(want);
    let filled = 0;
    while (filled < want) {
      const { bytesRead } = await this.handle.read(buffer, filled, want - filled, pos + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  }
}
