import type { Envelope } from '../envelope.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../log.js';
import type { MessageRecord, Summary } from './record.js';

export interface StoreOptions {
  /** Created if missing (recursive). */
  dataDir: string;
  /** 0 = unlimited. */
  maxMessages: number;
  /** 0 = off. */
  maxAgeMs: number;
  /** Injected; MIME parsing is another module. */
  summarize: (raw: Buffer, envelope: Envelope) => Summary | Promise<Summary>;
  bus: EventBus;
  log: Logger;
  /**
   * How many clients could be sending right now (open SMTP connections). With at most one, a
   * lone message is written on the event loop's thread, which is quicker; default: one.
   */
  senders?: () => number;
  /** A raw segment holds at most this many messages (default 1,000). For tuning and tests. */
  segmentMaxMessages?: number;
  /** A raw segment grows to at most this many bytes unless one message is larger (default 64 MiB). */
  segmentMaxBytes?: number;
  /** The change log (read flags, tags) starts a new file past this many bytes (default 1 MiB). For tests. */
  changeLogMaxBytes?: number;
}

/**
 * The message store. Records returned by it are the store's own objects: read them, do not
 * change them (use setRead, setTags, delete).
 */
export interface MessageStore {
  readonly dataDir: string;
  /** Summarizes, makes durable (group commit), indexes, emits 'new', applies retention. Resolves once on disk. */
  append(envelope: Envelope, data: Buffer[]): Promise<MessageRecord>;
  get(id: string): MessageRecord | undefined;
  /** Newest first. */
  list(start: number, limit: number): MessageRecord[];
  latest(): MessageRecord | undefined;
  readonly total: number;
  readonly unread: number;
  /** Every tag in use, sorted. */
  tags(): string[];
  /** How many messages carry each tag in use. */
  tagCounts(): Record<string, number>;
  /** All records newest first, for search (an iterator, no copy). */
  newestFirst(): Iterable<MessageRecord>;
  /** The exact stored bytes; undefined for an unknown id. */
  readRaw(id: string): Promise<Buffer | undefined>;
  /** The SMTP conversation kept with the message ("" when none was recorded), read from disk: records leave it out. */
  readTranscript(id: string): Promise<string | undefined>;
  /** Emits 'update' per changed record; unknown ids are ignored. Resolves once on disk. */
  setRead(ids: string[] | 'all', read: boolean): Promise<void>;
  /** Tags are trimmed, empty ones dropped, duplicates removed. Emits 'update' if they changed; an unknown id is ignored. */
  setTags(id: string, tags: string[]): Promise<void>;
  /** Emits 'delete' per deleted id; unknown ids are ignored. Resolves once on disk. */
  delete(ids: string[]): Promise<void>;
  /** Emits 'truncate'. */
  deleteAll(): Promise<void>;
  /** Waits for pending work, writes everything, releases the lock. */
  close(): Promise<void>;
}
