import type { Envelope } from '../envelope.js';
import type { Summary } from '../store/record.js';
import { blindRecipients } from './addresses.js';
import { fastSummary } from './fast-summary.js';
import { runParser } from './run-parser.js';
import { describeParseError, salvageHeaders, structureProblem } from './salvage.js';
import { summaryOf } from './summary-of.js';

/**
 * The Summary of a message for lists and search: read directly for the everyday shapes of
 * mail, else by mailparser. Never rejects: bytes that cannot be parsed give a Summary with
 * parseError and what could be salvaged (at least the envelope recipients as Bcc).
 */
export async function summarize(raw: Buffer, envelope: Envelope): Promise<Summary> {
  try {
    const fast = fastSummary(raw, envelope);
    if (fast) return fast;
  } catch {
    // A bug in the direct reading must not cost the message: the parser reads it.
  }
  return parserSummary(raw, envelope);
}

/**
 * The Summary as mailparser reads the message. Attachment content is decoded by the parser but
 * neither kept nor hashed, and HTML is not converted to text beyond the snippet.
 */
export async function parserSummary(raw: Buffer, envelope: Envelope): Promise<Summary> {
  const rcptTo = envelope.rcptTo.map((r) => r.address);
  try {
    const run = await runParser(raw, { skipHtmlToText: true });
    const headers = run.headers ?? (run.error ? await salvageHeaders(raw) : undefined);
    const summary = summaryOf({ ...run, headers }, raw, envelope);
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
