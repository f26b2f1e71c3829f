import type { Envelope } from '../envelope.js';

/** A mail address as Mailpit's API shapes it. */
export interface Address {
  Name: string;
  Address: string;
}

/**
 * What the MIME parser derives from the raw bytes for lists and search, so that no request
 * has to reparse a message. Produced by `summarize()` in mime/.
 */
export interface Summary {
  /** Message-ID header without angle brackets, "" when absent. */
  messageId: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  /** Bcc header addresses plus envelope recipients that appear in no To/Cc header. */
  bcc: Address[];
  replyTo: Address[];
  subject: string;
  /** Up to 250 characters of the text (or HTML stripped to text), whitespace collapsed. */
  snippet: string;
  /** The Date header as ISO 8601, null when absent or invalid. */
  date: string | null;
  /** Number of attachments (parts with Content-Disposition attachment, or non-inline files). */
  attachments: number;
  /** Number of inline parts (e.g. cid: images). */
  inline: number;
  /**
   * The body as searchable text: the text part (else the HTML's visible text), whitespace
   * collapsed, lower-cased, at most SEARCH_TEXT_LENGTH characters. Free-word search reads this.
   */
  searchText: string;
  /** File names of the attachment and inline parts, for search. */
  attachmentNames: string[];
  /** Set when the message could not be parsed as MIME; the message is still stored and listed. */
  parseError?: string;
}

/** Where a message's raw bytes are kept, byte for byte. */
export interface RawLocation {
  segment: number;
  offset: number;
  length: number;
}

/** One stored message: everything the API and UI need without reading the raw bytes. */
export interface MessageRecord extends Summary {
  id: string;
  /** Receive time, ISO 8601 with milliseconds (Mailpit's `Created`). */
  created: string;
  /** Raw size in bytes. */
  size: number;
  read: boolean;
  tags: string[];
  /** The SMTP AUTH user, "" when none (Mailpit's `Username`). */
  username: string;
  envelope: Envelope;
  raw: RawLocation;
}
