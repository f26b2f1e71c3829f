import type { MessageRecord } from '../store/index.js';
import type { MessageSummary } from './schemas.js';

/** A stored record in the shape of Mailpit's MessageSummary: exactly its fields. */
export function toMessageSummary(r: MessageRecord): MessageSummary {
  return {
    ID: r.id,
    MessageID: r.messageId,
    Read: r.read,
    From: r.from,
    To: r.to,
    Cc: r.cc,
    Bcc: r.bcc,
    ReplyTo: r.replyTo,
    Subject: r.subject,
    Created: r.created,
    Username: r.username,
    Tags: r.tags,
    Size: r.size,
    Attachments: r.attachments,
    Snippet: r.snippet,
  };
}
