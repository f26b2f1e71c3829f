import { decodeContent, fastReading } from './fast-reading.js';
import { listUnsubscribe } from './list-unsubscribe.js';
import { parseMailDate } from './mail-date.js';
import { messageHeaders, withoutAngleBrackets } from './message-headers.js';
import { PartDigest } from './part-digest.js';
import { mailpitOrder, type PartInfo } from './parts.js';
import { headerRecord } from './header-record.js';
import { firstHeader, readRawHeaders, type RawHeader } from './raw-headers.js';
import { runParser } from './run-parser.js';
import { describeParseError, salvageHeaders, structureProblem } from './salvage.js';
import type { MessageReading } from './summary-of.js';
import type { MessageAttachment, ParsedMessage } from './types.js';

/** HTML longer than this is not converted to Text (the conversion is superlinear on hostile markup). */
const MAX_HTML_TO_TEXT = 5 * 1024 * 1024;
const LINE_END = /\r?\n/g;

/**
 * The full parse the API serves as Mailpit's Message: bodies, attachment and inline part lists
 * with checksums, headers. Everyday messages are read directly (fastParse), others by
 * mailparser. Never rejects: unparseable bytes give parseError and what could be salvaged.
 */
export async function parseMessage(raw: Buffer): Promise<ParsedMessage> {
  try {
    const fast = fastParse(raw);
    if (fast) return fast;
  } catch {
    // A bug in the direct reading must not cost the message view: the parser reads it.
  }
  return parserParse(raw);
}

/** What a full reading found: a reading plus each part's size and checksums. */
interface FullReading extends MessageReading {
  digests: Map<PartInfo, PartDigest>;
}

/**
 * The message read directly, equal to what mailparser gives (see fastReading); undefined when
 * mailparser must read it. That includes HTML outside a multipart/alternative, which mailparser
 * converts to Text (and text beside it, which it converts to HTML).
 */
export function fastParse(raw: Buffer): ParsedMessage | undefined {
  const reading = fastReading(raw);
  if (!reading || (reading.html !== undefined && !reading.bodiesAlternative)) return undefined;
  const digests = new Map<PartInfo, PartDigest>();
  for (const [i, part] of reading.parts.entries()) {
    const content = decodeContent(raw, reading.partLeaves[i]!);
    if (content === undefined) return undefined;
    const digest = new PartDigest();
    digest.update(content);
    digests.set(part, digest);
  }
  // Line ends as mailparser gives bodies; the summary, which collapses whitespace, does without.
  const text = reading.text?.replace(LINE_END, '\n') ?? '';
  const html = reading.html?.replace(LINE_END, '\n') ?? '';
  return messageOf({ ...reading, text, html, digests }, raw, readRawHeaders(raw));
}

/** The message as mailparser reads it. */
export async function parserParse(raw: Buffer): Promise<ParsedMessage> {
  const rawHeaders = readRawHeaders(raw);
  try {
    const digests = new Map<PartInfo, PartDigest>();
    const run = await runParser(raw, { maxHtmlLengthToParse: MAX_HTML_TO_TEXT }, (part, content) => {
      const digest = new PartDigest();
      digests.set(part, digest);
      content.on('data', (chunk: Buffer) => digest.update(chunk));
    });
    const headers = run.headers ?? (run.error ? await salvageHeaders(raw) : undefined);
    const message = messageOf({ ...run, headers, digests }, raw, rawHeaders);
    const problem = run.error ? describeParseError(run.error) : structureProblem(headers);
    if (problem) message.parseError = problem;
    return message;
  } catch (err) {
    // Not expected (runParser does not reject); a bug here must still answer with the headers.
    return {
      MessageID: '',
      From: null,
      To: [],
      Cc: [],
      Bcc: [],
      ReplyTo: [],
      ReturnPath: '',
      Subject: '',
      Date: null,
      Text: '',
      HTML: '',
      Size: raw.length,
      Attachments: [],
      Inline: [],
      ListUnsubscribe: listUnsubscribe(undefined, undefined),
      headers: headerRecord(rawHeaders),
      parseError: describeParseError(err instanceof Error ? err : new Error(String(err))),
    };
  }
}

function messageOf(reading: FullReading, raw: Buffer, rawHeaders: RawHeader[]): ParsedMessage {
  const h = messageHeaders(reading.headers);
  const listed = mailpitOrder(reading.parts).map((p) => ({ kind: p.kind, attachment: toAttachment(p, reading.digests.get(p)) }));
  return {
    MessageID: h.messageId,
    From: h.from,
    To: h.to,
    Cc: h.cc,
    Bcc: h.bcc,
    ReplyTo: h.replyTo,
    ReturnPath: withoutAngleBrackets(firstHeader(rawHeaders, 'return-path') ?? '') || (h.from?.Address ?? ''),
    Subject: h.subject,
    Date: parseMailDate(firstHeader(rawHeaders, 'date')),
    Text: reading.text,
    HTML: withoutJoinArtifacts(reading.html),
    Size: raw.length,
    Attachments: listed.filter((l) => l.kind === 'attachment').map((l) => l.attachment),
    Inline: listed.filter((l) => l.kind === 'inline').map((l) => l.attachment),
    ListUnsubscribe: listUnsubscribe(firstHeader(rawHeaders, 'list-unsubscribe'), firstHeader(rawHeaders, 'list-unsubscribe-post')),
    headers: headerRecord(rawHeaders),
  };
}

function toAttachment(part: PartInfo, digest: PartDigest = new PartDigest()): MessageAttachment {
  return {
    PartID: part.partId,
    FileName: part.fileName,
    ContentType: part.contentType,
    ContentID: part.contentId,
    Size: digest.size,
    Checksums: digest.checksums(),
  };
}

/**
 * mailparser joins body parts with "<br/>\n" and, with text-to-HTML conversion off, leaves an
 * empty entry for each text part beside the HTML: drop the separators those leave at the ends.
 */
function withoutJoinArtifacts(html: string): string {
  const SEPARATOR = '<br/>\n';
  let start = 0;
  let end = html.length;
  while (html.startsWith(SEPARATOR, start)) start += SEPARATOR.length;
  while (end - SEPARATOR.length >= start && html.endsWith(SEPARATOR, end)) end -= SEPARATOR.length;
  return html.slice(start, end);
}
