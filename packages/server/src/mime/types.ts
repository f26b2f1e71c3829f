import type { Address } from '../store/record.js';

/** Mailpit's Attachment (definitions.Attachment), served as-is. */
export interface MessageAttachment {
  PartID: string;
  FileName: string;
  ContentType: string;
  ContentID: string;
  Size: number;
  Checksums: { MD5: string; SHA1: string; SHA256: string };
}

/** Mailpit's ListUnsubscribe, served as-is. */
export interface ListUnsubscribe {
  Errors: string;
  Header: string;
  HeaderPost: string;
  Links: string[];
}

/**
 * A full parse of one message. The capitalised fields are those of Mailpit's Message that come
 * from the bytes, in Mailpit's JSON shape; the API adds ID, Tags, Username (and Date when null).
 * The lower-case fields are mailsink's own and are not part of Mailpit's Message.
 */
export interface ParsedMessage {
  /** Message-ID without angle brackets, "" when absent. */
  MessageID: string;
  /** The first From mailbox; a From header without an address gives its text as Name; null when absent. */
  From: Address | null;
  To: Address[];
  Cc: Address[];
  /** The Bcc header only (Mailpit's Message), unlike the summary's bcc which adds envelope recipients. */
  Bcc: Address[];
  ReplyTo: Address[];
  /** Return-Path without angle brackets, else the From address, else "". */
  ReturnPath: string;
  Subject: string;
  /** The Date header as ISO 8601; null when absent or invalid (Mailpit then serves the receive time). */
  Date: string | null;
  Text: string;
  HTML: string;
  /** Raw size in bytes. */
  Size: number;
  Attachments: MessageAttachment[];
  Inline: MessageAttachment[];
  ListUnsubscribe: ListUnsubscribe;
  /** The top-level headers in the shape of Mailpit's /headers endpoint. */
  headers: Record<string, string[]>;
  /** Set when the bytes could not be parsed as MIME; the other fields hold what was salvaged. */
  parseError?: string;
}

/** One part's decoded content, for GET /api/v1/message/{ID}/part/{PartID}. */
export interface MessagePartContent {
  contentType: string;
  fileName: string;
  content: Buffer;
}
