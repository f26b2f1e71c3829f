import type { Envelope } from '../envelope.js';
import type { Summary } from '../store/record.js';
import { blindRecipients } from './addresses.js';
import { parseMailDate } from './mail-date.js';
import { messageHeaders } from './message-headers.js';
import { firstHeader, readRawHeaders } from './raw-headers.js';
import { runParser } from './run-parser.js';
import { describeParseError, salvageHeaders, structureProblem } from './salvage.js';
import { makeSearchText, makeSnippet } from './snippet.js';

/**
 * The Summary of a message for lists and search. Attachment content is decoded by the parser
 * but neither kept nor hashed, and HTML is not converted to text beyond the snippet.
 * Never rejects: bytes that cannot be parsed give a Summary with parseError and what could be
 * salvaged (at least the envelope recipients as Bcc).
 */
export async function summarize(raw: Buffer, envelope: Envelope): Promise<Summary> {
  const rcptTo = envelope.rcptTo.map((r) => r.address);
  try {
    const run = await runParser(raw, { skipHtmlToText: true });
    const headers = run.headers ?? (run.error ? await salvageHeaders(raw) : undefined);
    const h = messageHeaders(headers);
    const summary: Summary = {
      messageId: h.messageId,
      from: h.from,
      to: h.to,
      cc: h.cc,
      bcc: [...h.bcc, ...blindRecipients([...h.to, ...h.cc, ...h.bcc], rcptTo)],
      replyTo: h.replyTo,
      subject: h.subject,
      snippet: makeSnippet(run.text, run.html),
      searchText: makeSearchText(run.text, run.html),
      attachmentNames: run.parts.map((p) => p.fileName),
      date: parseMailDate(firstHeader(readRawHeaders(raw), 'date')),
      attachments: run.parts.filter((p) => p.kind === 'attachment').length,
      inline: run.parts.filter((p) => p.kind === 'inline').length,
    };
    const problem = run.error ? describeParseError(run.error) : structureProblem(headers);
    if (problem) summary.parseError = problem;
    return summary;
  } catch (err) {
    // Not expected (runParser does not reject); a bug here must still not lose the message.
    return {
      messageId: '',
      from: null,
      to: [],
      cc: [],
      bcc: blindRecipients([], rcptTo),
      replyTo: [],
      subject: '',
      snippet: '',
      searchText: '',
      attachmentNames: [],
      date: null,
      attachments: 0,
      inline: 0,
      parseError: describeParseError(err instanceof Error ? err : new Error(String(err))),
    };
  }
}
