import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The layout of a data directory: `raw/NNNNNN.seg` (raw segments, also the write-ahead log),
 * `records/NNNNNN.json` (one lowdb records document per raw segment) and `lock`.
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

function segmentName(segment: number): string {
  return String(segment).padStart(6, '0');
}

export function rawSegmentPath(layout: StoreLayout, segment: number): string {
  return path.join(layout.rawDir, `${segmentName(segment)}.seg`);
}

export function recordsDocumentPath(layout: StoreLayout, segment: number): string {
  return path.join(layout.recordsDir, `${segmentName(segment)}.json`);
}

/** Segment numbers of the files in `dir` named NNNNNN<suffix>, ascending. */
export async function listSegments(dir: string, suffix: '.seg' | '.json'): Promise<number[]> {
  const pattern = new RegExp(`^(\\d{6,})\\${suffix}$`);
  const numbers: number[] = [];
  for (const name of await readdir(dir)) {
    const match = pattern.exec(name);
    if (match) numbers.push(Number(match[1]));
  }
  return numbers.sort((a, b) => a - b);
}
