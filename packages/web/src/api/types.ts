/**
 * The API shapes the UI consumes: Mailpit API v1 (shared/reference/mailpit-api-v1.swagger.json)
 * and mailsink's additions under /api/mailsink/v1/. Values from the network go through decode.ts
 * first, so these types hold even when the server sends something unexpected.
 */

export interface Address {
  Name: string;
  Address: string;
}

export interface MessageSummary {
  ID: string;
  MessageID: string;
  Read: boolean;
  From: Address | null;
  To: Address[];
  Cc: Address[];
  Bcc: Address[];
  ReplyTo: Address[];
  Subject: string;
  Created: string;
  Username: string;
  Tags: string[];
  Size: number;
  Attachments: number;
  Snippet: string;
}

export interface MessagesPage {
  total: number;
  unread: number;
  messages_count: number;
  messages_unread: number;
  start: number;
  tags: string[];
  messages: MessageSummary[];
}

export interface Attachment {
  PartID: string;
  FileName: string;
  ContentType: string;
  ContentID: string;
  Size: number;
}

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
  Date: string;
  Tags: string[];
  Text: string;
  HTML: string;
  Size: number;
  Attachments: Attachment[];
  Inline: Attachment[];
}

/** GET /api/v1/message/{ID}/headers: header name -> every value, in order. */
export type MessageHeaders = Array<[name: string, values: string[]]>;

/** GET /api/mailsink/v1/message/{ID}/parts: the MIME tree. */
export interface MimePart {
  PartID: string;
  ContentType: string;
  FileName: string;
  Size: number;
  Children: MimePart[];
}

export interface EnvelopePath {
  Address: string;
  Params: Array<[name: string, value: string]>;
}

/** GET /api/mailsink/v1/message/{ID}/envelope: what the SMTP client said around the data. */
export interface SmtpEnvelope {
  MailFrom: EnvelopePath;
  RcptTo: EnvelopePath[];
  Helo: string;
  ClientAddress: string;
  ClientPort: number | null;
  TLS: { Protocol: string; Cipher: string } | null;
  Auth: { Username: string; Mechanism: string } | null;
  Received: string;
}

/** What the UI takes from GET /api/v1/webui (all optional). */
export interface WebUiInfo {
  Label: string;
  HideDeleteAllButton: boolean;
  /** Where mailsink accepts SMTP, when the server says so. */
  SmtpHost: string | null;
  SmtpPort: number | null;
}

export interface Stats {
  Total: number;
  Unread: number;
}

export interface SmtpError {
  Level: string;
  Type: string;
  IP: string;
  Message: string;
}

/** A WebSocket frame from GET /api/events, decoded. */
export type LiveFrame =
  | { Type: 'new'; Data: MessageSummary }
  | { Type: 'stats'; Data: Stats }
  | { Type: 'update'; Data: { ID: string; Read?: boolean; Tags?: string[] } }
  | { Type: 'delete'; Data: { ID: string } }
  | { Type: 'truncate' }
  | { Type: 'prune' }
  | { Type: 'error'; Data: SmtpError };
