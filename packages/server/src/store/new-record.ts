import type { Envelope } from '../envelope.js';
import type { MessageRecord, RawLocation, Summary } from './record.js';

/** A new message's record before the writer places it, with its JSON for the write-ahead log. */
export interface PreparedRecord {
  /** Its `raw` is a placeholder until the writer places the entry. */
  record: MessageRecord;
  /** The record without `raw`, as JSON. */
  json: string;
  /** The SMTP transcript, kept in the log entry only (see encodeEntryJson). */
  transcript: string | undefined;
}

const UNPLACED: RawLocation = { segment: -1, offset: -1, length: -1 };

/**
 * The record of a message that just arrived. It is serialised once, for the write-ahead log,
 * and built from that JSON, as a restart reads it back: the parser's strings are often slices of
 * the whole decoded body or header block, and a slice keeps all of its parent alive for as long
 * as the record lives. The record itself is a literal, not the parsed object: JSON.parse gives
 * an object with this many properties a hidden class of its own. The SMTP transcript, rarely
 * read, goes to the log entry only (see MessageStore.readTranscript).
 */
export function newRecord(id: string, envelope: Envelope, summary: Summary, size: number): PreparedRecord {
  const kept = withoutTranscript(envelope);
  const json = JSON.stringify({ ...summary, id, created: envelope.receivedAt, size, read: false, tags: [], username: envelope.auth?.username ?? '', envelope: kept });
  const r = JSON.parse(json) as Omit<MessageRecord, 'raw'>;
  const record: MessageRecord = {
    messageId: r.messageId,
    from: r.from,
    to: r.to,
    cc: r.cc,
    bcc: r.bcc,
    replyTo: r.replyTo,
    subject: r.subject,
    snippet: r.snippet,
    date: r.date,
    attachments: r.attachments,
    inline: r.inline,
    searchText: r.searchText,
    attachmentNames: r.attachmentNames,
    id: r.id,
    // One string for both, as before the copy.
    created: r.envelope.receivedAt,
    size: r.size,
    read: false,
    tags: [],
    username: r.username,
    envelope: r.envelope,
    raw: UNPLACED,
  };
  if (r.parseError !== undefined) record.parseError = r.parseError;
  return { record, json, transcript: envelope.transcript };
}

/** The envelope as kept in memory: without the transcript, which is read from disk when asked for. */
export function withoutTranscript(envelope: Envelope): Envelope {
  const { transcript: _, ...rest } = envelope;
  return rest;
}

/** What is known of a message whose summary could not be made: it is still stored and listed. */
export function fallbackSummary(envelope: Envelope, err: unknown): Summary {
  return {
    messageId: '',
    from: envelope.mailFrom.address ? { Name: '', Address: envelope.mailFrom.address } : null,
    to: [],
    cc: [],
    bcc: envelope.rcptTo.map((rcpt) => ({ Name: '', Address: rcpt.address })),
    replyTo: [],
    subject: '',
    snippet: '',
    searchText: '',
    attachmentNames: [],
    date: null,
    attachments: 0,
    inline: 0,
    parseError: `could not summarize the message: ${err instanceof Error ? err.message : String(err)}`,
  };
}
