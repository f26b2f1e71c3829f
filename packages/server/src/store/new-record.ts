import type { Envelope } from '../envelope.js';
import type { Summary } from './record.js';
import type { UnplacedRecord } from './segment-writer.js';

/** The record of a message that just arrived (its raw location is filled in when it is written). */
export function newRecord(id: string, envelope: Envelope, summary: Summary, size: number): UnplacedRecord {
  return {
    ...summary,
    id,
    created: envelope.receivedAt,
    size,
    read: false,
    tags: [],
    username: envelope.auth?.username ?? '',
    envelope,
  };
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
