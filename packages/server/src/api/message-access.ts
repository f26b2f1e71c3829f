import { parseMessage, type ParsedMessage } from '../mime/index.js';
import { matchesSearch, parseSearch } from '../search/index.js';
import type { MessageRecord, MessageStore } from '../store/index.js';
import type { Message } from './schemas.js';

/** Full parses are kept for the most recently read messages: a UI opening one reads it several times. */
const PARSED_CACHE_SIZE = 64;

/**
 * Finds messages by API ID (`latest` = the newest, or the newest matching `query`) and gives their
 * full parse, deferred to the first read and cached.
 */
export class MessageAccess {
  private readonly cache = new Map<string, Promise<ParsedMessage>>();

  constructor(readonly store: MessageStore) {}

  /** Throws SearchSyntaxError for a bad query. */
  resolve(id: string, query?: string): MessageRecord | undefined {
    if (id !== 'latest') return this.store.get(id);
    if (!query) return this.store.latest();
    const terms = parseSearch(query);
    for (const r of this.store.newestFirst()) if (matchesSearch(terms, r)) return r;
    return undefined;
  }

  raw(record: MessageRecord): Promise<Buffer | undefined> {
    return this.store.readRaw(record.id);
  }

  async parsed(record: MessageRecord): Promise<ParsedMessage | undefined> {
    let entry = this.cache.get(record.id);
    if (entry) {
      this.cache.delete(record.id);
    } else {
      const raw = await this.store.readRaw(record.id);
      if (!raw) return undefined;
      entry = parseMessage(raw);
    }
    this.cache.set(record.id, entry);
    if (this.cache.size > PARSED_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }

  /** Mailpit's Message: the parse plus what the store knows (tags, user, envelope Bcc, receive time). */
  async message(record: MessageRecord): Promise<Message | undefined> {
    const p = await this.parsed(record);
    if (!p) return undefined;
    return {
      ID: record.id,
      MessageID: p.MessageID,
      From: p.From,
      To: p.To,
      Cc: p.Cc,
      Bcc: record.bcc,
      ReplyTo: p.ReplyTo,
      ReturnPath: p.ReturnPath,
      Subject: p.Subject,
      ListUnsubscribe: p.ListUnsubscribe,
      Date: p.Date ?? record.created,
      Tags: record.tags,
      Username: record.username,
      Text: p.Text,
      HTML: p.HTML,
      Size: record.size,
      Inline: p.Inline,
      Attachments: p.Attachments,
    };
  }
}
