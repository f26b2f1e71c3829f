import { Low } from 'lowdb';
import type { MessageRecord } from './record.js';
import type { WrittenRecord } from './segment-writer.js';
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

const COMMA = Buffer.from(',');
const CLOSING_BRACE = Buffer.from('}');
const END_OF_DOCUMENT = Buffer.from(']}');

/** One raw segment's records document: `records/NNNNNN.json`. */
export class SegmentRecords {
  private readonly db: Low<RecordsData>;
  private readonly file: DurableJsonFile<RecordsData>;
  /**
   * The JSON (but the closing brace) of records added since the document was last serialised,
   * as their log entries hold it. While a record is as it arrived (unread, untagged; nothing else
   * of it changes), the document takes these bytes instead of serialising it again: for a
   * segment of 5 KB messages that was ~20 ms of JSON.stringify and ~25 ms of UTF-8 encoding at
   * each seal, with every SMTP session waiting.
   */
  private heads = new Map<MessageRecord, Buffer>();

  constructor(
    readonly segment: number,
    readonly path: string,
    /** The raw segment it belongs to; named in the advice when the document is damaged. */
    readonly rawPath: string,
  ) {
    this.file = new DurableJsonFile<RecordsData>(
      path,
      (_file, cause) => this.damaged(`is not valid JSON (${cause.message})`),
      (data) => this.serialize(data),
    );
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

  /** As addRecords, for records just written by this process, with their entries' JSON. */
  addWritten(written: WrittenRecord[], checkpoint: number): void {
    for (const { record, recordHead } of written) this.heads.set(record, recordHead);
    this.addRecords(written.map(({ record }) => record), checkpoint);
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

  private serialize(data: RecordsData): Buffer[] {
    const heads = this.heads;
    this.heads = new Map();
    const { records, ...fields } = data;
    // `{...,"records":[`
    const pieces: Buffer[] = [Buffer.from(JSON.stringify({ ...fields, records: [] }).slice(0, -2), 'utf8')];
    for (const record of records) {
      if (pieces.length > 1) pieces.push(COMMA);
      const head = heads.get(record);
      if (head && !record.read && record.tags.length === 0) pieces.push(head, CLOSING_BRACE);
      else pieces.push(Buffer.from(JSON.stringify(record), 'utf8'));
    }
    pieces.push(END_OF_DOCUMENT);
    return pieces;
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
