import { listUnsubscribe } from './list-unsubscribe.js';
import { parseMailDate } from './mail-date.js';
import { messageHeaders, withoutAngleBrackets } from './message-headers.js';
import { PartDigest } from './part-digest.js';
import { mailpitOrder, type PartInfo } from './parts.js';
import { headerRecord } from './header-record.js';
import { firstHeader, readRawHeaders } from './raw-headers.js';
import { runParser } from './run-parser.js';
import { describeParseError, salvageHeaders, structureProblem } from './salvage.js';
import type { MessageAttachment, ParsedMessage } from './types.js';

/** HTML longer than this is not converted to Text (the conversion is superlinear on hostile markup). */
const MAX_HTML_TO_TEXT = 5 * 1024 * 1024;

/**
 * The full parse the API serves as Mailpit's Message: bodies, attachment and inline part lists
 * with checksums, headers. Never rejects: unparseable bytes give parseError and what could be salvaged.
 */
export async function parseMessage(raw: Buffer): Promise<ParsedMessage> {
  const rawHeaders = readRawHeaders(raw);
  const digests = new Map<PartInfo, PartDigest>();
  try {
    const run = await runParser(raw, { maxHtmlLengthToParse: MAX_HTML_TO_TEXT }, (part, content) => {
      const digest = new PartDigest();
      digests.set(part, digest);
      content.on('data', (chunk: Buffer) => digest.update(chunk));
    });
    const headers = run.headers ?? (run.error ? await salvageHeaders(raw) : undefined);
    const h = messageHeaders(headers);
    const listed = mailpitOrder(run.parts).map((p) => ({ kind: p.kind, attachment: toAttachment(p, digests.get(p)) }));
    const message: ParsedMessage = {
      MessageID: h.messageId,
      From: h.from,
      To: h.to,
      Cc: h.cc,
      Bcc: h.bcc,
      ReplyTo: h.replyTo,
      ReturnPath: withoutAngleBrackets(firstHeader(rawHeaders, 'return-path') ?? '') || (h.from?.Address ?? ''),
      Subject: h.subject,
      Date: parseMailDate(firstHeader(rawHeaders, 'date')),
      Text: run.text,
      HTML: withoutJoinArtifacts(run.html),
      Size: raw.length,
      Attachments: listed.filter((l) => l.kind === 'attachment').map((l) => l.attachment),
      Inline: listed.filter((l) => l.kind === 'inline').map((l) => l.attachment),
      ListUnsubscribe: listUnsubscribe(firstHeader(rawHeaders, 'list-unsubscribe'), firstHeader(rawHeaders, 'list-unsubscribe-post')),
      headers: headerRecord(rawHeaders),
    };
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
