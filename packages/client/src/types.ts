/**
 * The shapes mailsink answers with. Mailpit's API v1 objects (shared/reference/mailpit-api-v1.swagger.json)
 * carry exactly their fields; test/types.test.ts keeps them in step with the server's schemas.
 */

/** A mail address such as `Barry Gibbs <bg@example.com>`. */
export interface Address {
  Name: string;
  Address: string;
}

/** One message in a list or search result. */
export interface MessageSummary {
  /** Database ID, used by every per-message method. */
  ID: string;
  /** The Message-ID header, without angle brackets. */
  MessageID: string;
  Read: boolean;
  From: Address | null;
  To: Address[];
  Cc: Address[];
  /** Bcc header addresses, plus envelope recipients that appear in no To/Cc header. */
  Bcc: Address[];
  ReplyTo: Address[];
  Subject: string;
  /** When it was received (RFC 3339). */
  Created: string;
  /** The SMTP AUTH user name, if any. */
  Username: string;
  Tags: string[];
  /** Size of the raw message in bytes. */
  Size: number;
  /** How many attachments it has. */
  Attachments: number;
  /** Up to 250 characters of its text. */
  Snippet: string;
}

/** A page of messages: `list()` and `search()`. */
export interface MessagesSummary {
  /** Messages in the mailbox. */
  total: number;
  unread: number;
  /** Messages matching the query (all of them for `list()`). */
  messages_count: number;
  messages_unread: number;
  /** The pagination offset of this page. */
  start: number;
  /** Every tag in use. */
  tags: string[];
  messages: MessageSummary[];
}

/** An attachment or inline part. */
export interface Attachment {
  /** The part's ID for `attachment(id, partId)`. */
  PartID: string;
  FileName: string;
  ContentType: string;
  ContentID: string;
  Size: number;
  Checksums: { MD5: string; SHA1: string; SHA256: string };
}

/** The List-Unsubscribe and List-Unsubscribe-Post headers and what was found in them. */
export interface ListUnsubscribe {
  Header: string;
  /** Detected links: at most one mailto and one http(s) link. */
  Links: string[];
  Errors: string;
  HeaderPost: string;
}

/** A whole message, as parsed by the server (without the attachments' bytes). */
export interface Message {
  ID: string;
  MessageID: string;
  From: Address | null;
  To: Address[];
  Cc: Address[];
  Bcc: Address[];
  ReplyTo: Address[];
  ReturnPath: string;
  Subject: string;
  ListUnsubscribe: ListUnsubscribe;
  /** The Date header (RFC 3339), else when it was received. */
  Date: string;
  Tags: string[];
  Username: string;
  /** The text body ('' if none). */
  Text: string;
  /** The HTML body ('' if none). */
  HTML: string;
  Size: number;
  Inline: Attachment[];
  Attachments: Attachment[];
}

/** Every header of a message, keyed by name, each with all of its values in order. */
export type MessageHeaders = Record<string, string[]>;

/** An SMTP envelope path: the address and its ESMTP parameters (e.g. `SIZE`, `BODY`). */
export interface EnvelopePath {
  Address: string;
  Params: Record<string, string>;
}

/** What the SMTP session said about a message, as opposed to what its headers claim. */
export interface Envelope {
  MailFrom: EnvelopePath;
  RcptTo: EnvelopePath[];
  /** The EHLO/HELO argument. */
  Helo: string;
  /** `HELO`, `EHLO`, or `HTTP` for a message from `send()`. */
  Greeting: string;
  /** As in the Received header: `SMTP`, `ESMTP`, `ESMTPS`, `UTF8SMTP`, ... */
  Protocol: string;
  ClientAddress: string;
  ClientPort: number;
  /** The name mailsink gave itself in its greeting. */
  ServerHostname: string;
  TLS: { Protocol: string; Cipher: string } | null;
  Auth: { Username: string; Mechanism: string } | null;
  /** When the message was received (RFC 3339). */
  Received: string;
}

/** What `info()` answers (Mailpit's AppInformation). */
export interface AppInformation {
  Version: string;
  LatestVersion: string;
  Database: string;
  DatabaseSize: number;
  Messages: number;
  Unread: number;
  /** Messages per tag. */
  Tags: Record<string, number>;
  RuntimeStats: {
    Uptime: number;
    Memory: number;
    MessagesDeleted: number;
    SMTPAccepted: number;
    SMTPAcceptedSize: number;
    SMTPRejected: number;
    SMTPIgnored: number;
  };
}

/** A recipient or sender for `send()`. */
export interface SendAddress {
  Email: string;
  Name?: string;
}

/** A message for `send()` (Mailpit's POST /api/v1/send body). */
export interface SendRequest {
  From: SendAddress;
  To?: SendAddress[];
  Cc?: SendAddress[];
  /** Addresses only. */
  Bcc?: string[];
  ReplyTo?: SendAddress[];
  Subject?: string;
  Text?: string;
  HTML?: string;
  /** Extra headers, e.g. `{ 'X-Campaign': 'spring' }`. */
  Headers?: Record<string, string>;
  Tags?: string[];
  Attachments?: Array<{
    /** The file's bytes, base64-encoded. */
    Content: string;
    Filename: string;
    ContentType?: string;
    /** Set to attach it inline, referenced from the HTML as `cid:<ContentID>`. */
    ContentID?: string;
  }>;
}

/** What `send()` answers: the new message's database ID. */
export interface SendResponse {
  ID: string;
}
