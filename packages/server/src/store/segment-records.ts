import { Low } from 'lowdb';
import type { MessageRecord } from './record.js';
import { DurableJsonFile } from './durable-json-file.js';
import { StoreDamagedError } from './errors.js';
import { looksLikeRecord } from './wal-entry.js';

/** The lowdb document kept for one raw segment. */
export interface RecordsData {
  segment: number;
  /** Raw segment bytes up to here are reflected in `records`; entries after it are replayed. */
  checkpoint: number;
  /** The segment's live records in arrival order; a deleted record is simply absent. */
  records: MessageRecord[];
  /** The last change-log number the records' read flags and tags reflect (absent: none). */
  changeSeq?: number;
}

/** One raw segment's records document: `records/NNNNNN.json`. */
export class SegmentRecords {
  private readonly db: Low<RecordsData>;
  private readonly file: DurableJsonFile<RecordsData>;

  constructor(
    readonly segment: number,
    readonly path: string,
    /** The raw segment it belongs to; named in the advice when the document is damaged. */
    readonly rawPath: string,
  ) {
    this.file = new DurableJsonFile<RecordsData>(path, (_file, cause) => this.damaged(`is not valid JSON (${cause.message})`));
    this.db = new Low<RecordsData>(this.file, { segment, checkpoint: 0, records: [] });
  }

  get records(): MessageRecord[] {
    return this.db.data.records;
  }

  get checkpoint(): number {
    return this.db.data.checkpoint;
  }

  get changeSeq(): number {
    return this.db.data.changeSeq ?? 0;
  }

  /** Adds newly written records; `checkpoint` is the raw segment's durable length after them. */
  addRecords(records: MessageRecord[], checkpoint: number): void {
    for (const record of records) this.db.data.records.push(record);
    this.db.data.checkpoint = checkpoint;
  }

  /** Drops records by id; their absence is the tombstone. */
  removeRecords(ids: ReadonlySet<string>): void {
    this.retain((record) => !ids.has(record.id));
  }

  retain(keep: (record: MessageRecord) => boolean): void {
    this.db.data.records = this.db.data.records.filter(keep);
  }

  clearRecords(): void {
    this.db.data.records = [];
  }

  /** Reads the document if there is one; StoreDamagedError when it is not one of ours. */
  async load(): Promise<void> {
    const data: unknown = await this.file.read();
    if (data === null) return;
    const problem = describeProblem(data, this.segment);
    if (problem) throw this.damaged(problem);
    this.db.data = data as RecordsData;
  }

  /** `changeSeq`: the change log's last number, which the records in memory reflect. */
  write(changeSeq: number): Promise<void> {
    this.db.data.changeSeq = changeSeq;
    return this.db.write();
  }

  private damaged(what: string): StoreDamagedError {
    return new StoreDamagedError(
      this.path,
      `${this.path} ${what}. Nothing has been changed. Move it aside with \`mv ${this.path} ${this.path}.damaged\` ` +
        `and start again: its records are then rebuilt from ${this.rawPath} (if that file is there); ` +
        `read flags and tags of those messages may be lost (those set since the document was last written are kept) and messages deleted from it reappear.`,
    );
  }
}

function describeProblem(data: unknown, segment: number): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'is not a mailsink records document (not a JSON object)';
  const doc = data as Partial<RecordsData>;
  if (doc.segment !== segment) return `is not a mailsink records document (its "segment" is not ${segment})`;
  if (!Number.isSafeInteger(doc.checkpoint) || (doc.checkpoint as number) < 0) return 'is not a mailsink records document (bad "checkpoint")';
  if (doc.changeSeq !== undefined && !(Number.isSafeInteger(doc.changeSeq) && doc.changeSeq >= 0)) return 'is not a mailsink records document (bad "changeSeq")';
  if (!Array.isArray(doc.records)) return 'is not a mailsink records document (no "records" list)';
  const bad = doc.records.findIndex((r) => !looksLikeRecord(r) || r.raw.segment !== segment);
  if (bad !== -1) return `holds a record that is not one of this segment's messages (records[${bad}])`;
  return undefined;
}
