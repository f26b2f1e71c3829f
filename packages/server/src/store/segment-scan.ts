import { open, type FileHandle } from 'node:fs/promises';
import type { MessageRecord } from './record.js';
import { StoreDamagedError } from './errors.js';
import { checksumMatches, decodeHeader, decodeRecord, ENTRY_MAGIC, entryLength, MAX_HEADER_LENGTH, type EntryHeader } from './wal-entry.js';

export interface SegmentScan {
  /** The records of the valid entries from the start offset on, in write order. */
  records: MessageRecord[];
  /** Offset just past the last valid entry. */
  end: number;
  /** File size. */
  size: number;
  /**
   * Bytes after `end` of a write cut off by a crash, never acknowledged (whole entries of it
   * included). Zeros after the last of them are not counted: they are space laid ahead of the writer.
   */
  tornBytes: number;
}

const WINDOW = 256 * 1024;
const SEARCH_CHUNK = 1024 * 1024;

interface ScannedEntry {
  record: MessageRecord;
  end: number;
  header: EntryHeader;
}

/**
 * Reads a raw segment's entries from `from` on, checking each one's checksum. A broken entry is
 * taken for a write cut off by a crash, never acknowledged, only when it shows what such a write
 * leaves (it runs past the end of the file, or a sector of it reads as the zeros laid ahead of
 * the writer) and nothing but entries of its own write follow it. Anything else is damage and
 * gives StoreDamagedError.
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
    let tornBytes = 0;
    if (pos < size) {
      const tail = await inspectTail(reader, segment, pos);
      const damaged = (why: string) =>
        new StoreDamagedError(
          filePath,
          `${filePath} is damaged: the entry at byte ${pos} is broken, ${why}, so this is not a write cut off by a crash. ` +
            `Nothing has been changed. Restore the file from a backup, ` +
            `or move it aside with \`mv ${filePath} ${filePath}.damaged\` and start again: ` +
            `its messages are then left out of the store and the moved file is kept for recovery.`,
        );
      if (tail.laterWrite !== undefined) throw damaged(`yet a valid entry written after it follows at byte ${tail.laterWrite}`);
      if (tail.usedEnd > pos && !(await looksCutOff(reader, pos))) throw damaged('yet none of its sectors is missing');
      tornBytes = tail.usedEnd - pos;
    }
    return { records, end: pos, size, tornBytes };
  } finally {
    await handle.close();
  }
}

/** Cheap checks first (header, place, record JSON), then the checksum over the whole entry. */
async function readEntry(reader: WindowReader, segment: number, pos: number): Promise<ScannedEntry | undefined> {
  const header = decodeHeader(await reader.read(pos, MAX_HEADER_LENGTH));
  if (!header || (header.groupStart !== undefined && header.groupStart > pos)) return undefined;
  const end = pos + entryLength(header);
  if (end > reader.size) return undefined;
  const record = decodeRecord(await reader.read(end - header.jsonLength, header.jsonLength), segment, pos, header);
  if (!record) return undefined;
  if (header.checksum !== undefined && !checksumMatches(await reader.read(pos, end - pos), header)) return undefined;
  return { record, end, header };
}

/**
 * What follows the broken entry at `from`: the first valid entry of a later write, if any, and
 * the offset just past the last byte that is not zero.
 */
async function inspectTail(reader: WindowReader, segment: number, from: number): Promise<{ laterWrite?: number; usedEnd: number }> {
  const magic = Buffer.from(ENTRY_MAGIC, 'latin1');
  let usedEnd = from;
  let searchFrom = from + 1;
  for (let chunkStart = from; chunkStart < reader.size; chunkStart += SEARCH_CHUNK - magic.length) {
    const chunk = await reader.readFresh(chunkStart, SEARCH_CHUNK);
    for (let i = chunk.indexOf(magic); i !== -1; i = chunk.indexOf(magic, i + 1)) {
      const at = chunkStart + i;
      if (at < searchFrom) continue;
      const entry = await readEntry(reader, segment, at);
      if (!entry) continue;
      // Entries of the cut-off write itself may have landed whole after the broken one.
      if (entry.header.groupStart === undefined || entry.header.groupStart > from) return { laterWrite: at, usedEnd };
      searchFrom = entry.end;
    }
    const last = lastNonZero(chunk);
    if (last !== -1) usedEnd = Math.max(usedEnd, chunkStart + last + 1);
    if (chunk.length < SEARCH_CHUNK) break;
  }
  return { usedEnd };
}

/** The unit a drive writes whole: a write cut off by a power cut loses whole sectors. */
const SECTOR = 512;

/**
 * Whether the broken entry at `pos` looks like a write that never finished: it runs past the end
 * of the file (an append whose new size was never committed), or one of its sectors reads as
 * zeros from `pos` on (space laid ahead that the write never reached).
 */
async function looksCutOff(reader: WindowReader, pos: number): Promise<boolean> {
  const header = decodeHeader(await reader.read(pos, MAX_HEADER_LENGTH));
  const extent = pos + (header ? entryLength(header) : MAX_HEADER_LENGTH);
  if (extent > reader.size) return true;
  for (let sector = pos - (pos % SECTOR); sector < extent; sector += SECTOR) {
    const start = Math.max(sector, pos);
    if (lastNonZero(await reader.read(start, sector + SECTOR - start)) === -1) return true;
  }
  return false;
}

/** The index of the last byte that is not zero, or -1. */
function lastNonZero(bytes: Buffer): number {
  let i = bytes.length - 1;
  while (i >= 0 && bytes[i] === 0) i--;
  return i;
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
