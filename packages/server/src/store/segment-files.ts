import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The layout of a data directory: `raw/NNNNNN.seg` (raw segments, also the write-ahead log),
 * `records/NNNNNN.json` (one lowdb records document per raw segment),
 * `records/changes-NNNNNN.jsonl` (the change log of read flags and tags) and `lock`.
 */
export interface StoreLayout {
  dataDir: string;
  rawDir: string;
  recordsDir: string;
  lockPath: string;
}

export function storeLayout(dataDir: string): StoreLayout {
  return {
    dataDir,
    rawDir: path.join(dataDir, 'raw'),
    recordsDir: path.join(dataDir, 'records'),
    lockPath: path.join(dataDir, 'lock'),
  };
}

function numberName(n: number): string {
  return String(n).padStart(6, '0');
}

export function rawSegmentPath(layout: StoreLayout, segment: number): string {
  return path.join(layout.rawDir, `${numberName(segment)}.seg`);
}

export function recordsDocumentPath(layout: StoreLayout, segment: number): string {
  return path.join(layout.recordsDir, `${numberName(segment)}.json`);
}

export function changeLogPath(layout: StoreLayout, file: number): string {
  return path.join(layout.recordsDir, `changes-${numberName(file)}.jsonl`);
}

/** Segment numbers of the files in `dir` named NNNNNN<suffix>, ascending. */
export function listSegments(dir: string, suffix: '.seg' | '.json'): Promise<number[]> {
  return listNumbered(dir, '', suffix);
}

/** Numbers of the change-log files, ascending. */
export function listChangeLogFiles(layout: StoreLayout): Promise<number[]> {
  return listNumbered(layout.recordsDir, 'changes-', '.jsonl');
}

/** Numbers of the files in `dir` named <prefix>NNNNNN<suffix>, ascending. */
async function listNumbered(dir: string, prefix: string, suffix: string): Promise<number[]> {
  const pattern = new RegExp(`^${prefix}(\\d{6,})\\${suffix}$`);
  const numbers: number[] = [];
  for (const name of await readdir(dir)) {
    const match = pattern.exec(name);
    if (match) numbers.push(Number(match[1]));
  }
  return numbers.sort((a, b) => a - b);
}
