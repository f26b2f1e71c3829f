import type { Headers } from 'mailparser';
import type { Envelope } from '../envelope.js';
import type { Summary } from '../store/record.js';
import { blindRecipients } from './addresses.js';
import { parseMailDate } from './mail-date.js';
import { messageHeaders } from './message-headers.js';
import type { PartInfo } from './parts.js';
import { firstHeader, readRawHeaders } from './raw-headers.js';
import { bodyTexts } from './snippet.js';

/** What a reading of a message found, by mailparser or directly. */
export interface MessageReading {
  /** The top-level headers as mailparser values them. */
  headers: Headers | undefined;
  text: string;
  html: string;
  /** Attachment and inline parts in document order. */
  parts: PartInfo[];
  /** The first Date field's value if already read (null: none), else it is read from the bytes. */
  date?: string | null | undefined;
}

/** The Summary of a message from its reading; envelope recipients no header names go to bcc. */
export function summaryOf(reading: MessageReading, raw: Buffer, envelope: Envelope): Summary {
  const h = messageHeaders(reading.headers);
  const rcptTo = envelope.rcptTo.map((r) => r.address);
  return {
    ...h,
    bcc: [...h.bcc, ...blindRecipients([...h.to, ...h.cc, ...h.bcc], rcptTo)],
    ...bodyTexts(reading.text, reading.html),
    attachmentNames: reading.parts.map((p) => p.fileName),
    date: parseMailDate(reading.date === undefined ? firstHeader(readRawHeaders(raw), 'date') : (reading.date ?? undefined)),
    attachments: reading.parts.filter((p) => p.kind === 'attachment').length,
    inline: reading.parts.filter((p) => p.kind === 'inline').length,
  };
}
