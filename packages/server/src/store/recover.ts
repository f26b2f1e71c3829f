import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import { StoreDamagedError } from './errors.js';
import { listSegments, rawSegmentPath, recordsDocumentPath, type StoreLayout } from './segment-files.js';
import { SegmentRecords } from './segment-records.js';
import { scanSegment } from './segment-scan.js';

export interface RecoveredStore {
  /** The records document of every raw segment, ascending; records in arrival order. */
  segments: SegmentRecords[];
  /** Documents that gained records from the write-ahead log and should be written. */
  replayed: SegmentRecords[];
  /** The number for the next raw segment: never one that is or was recently in use. */
  nextSegment: number;
}

/**
 * Start-up: reads every records document, then replays the raw segments' entries past each
 * document's checkpoint (all of a segment without a document), checking each entry's checksum.
 * Whatever cannot be trusted stops start-up with StoreDamagedError; nothing is overwritten here.
 */
export async function recoverStore(layout: StoreLayout, log: Logger): Promise<RecoveredStore> {
  await removeTempFiles(layout.recordsDir);
  const rawNumbers = new Set(await listSegments(layout.rawDir, '.seg'));
  const docNumbers = await listSegments(layout.recordsDir, '.json');
  const numbers = [...new Set([...rawNumbers, ...docNumbers])].sort((a, b) => a - b);

  const segments: SegmentRecords[] = [];
  const replayed: SegmentRecords[] = [];
  for (const number of numbers) {
    const rawPath = rawSegmentPath(layout, number);
    const doc = new SegmentRecords(number, recordsDocumentPath(layout, number), rawPath);
    await doc.load();
    if (!rawNumbers.has(number)) {
      if (doc.records.length > 0) {
        log.warn(
          { path: rawPath, records: doc.path, messages: doc.records.length },
          `${rawPath} is missing: the ${doc.records.length} messages recorded in ${doc.path} are left out`,
        );
      } else {
        // A removal cut off after the raw file went: finish it.
        await unlink(doc.path);
      }
      continue;
    }
    const checkpoint = doc.checkpoint;
    const { size } = await stat(rawPath);
    if (size < checkpoint) {
      throw new StoreDamagedError(
        rawPath,
        `${rawPath} is ${size} bytes long but ${doc.path} says ${checkpoint} bytes of it were written: ` +
          `it was cut short or replaced. Nothing has been changed. Restore it from a backup, or move it aside with ` +
          `\`mv ${rawPath} ${rawPath}.damaged\` and start again: the messages recorded in ${doc.path} are then left out.`,
      );
    }
    const scan = await scanSegment(rawPath, number, checkpoint);
    if (scan.tornBytes > 0) {
      log.warn(
        { path: rawPath, offset: scan.end, bytes: scan.tornBytes },
        `${rawPath}: skipping ${scan.tornBytes} bytes at its end: a write cut off by a crash, whose messages were never acknowledged`,
      );
    }
    if (scan.records.length > 0) {
      doc.addRecords(scan.records, scan.end);
      replayed.push(doc);
    }
    segments.push(doc);
  }
  return { segments, replayed, nextSegment: (numbers.at(-1) ?? 0) + 1 };
}

async function removeTempFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.endsWith('.json.tmp')) await unlink(path.join(dir, name));
  }
}
