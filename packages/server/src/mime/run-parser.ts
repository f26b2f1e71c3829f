import type { AttachmentStream, Headers, MailParser, MailParserOptions, MessageText } from 'mailparser';
import type { Readable } from 'node:stream';
import { describePart, type PartInfo } from './parts.js';

/** What one pass of mailparser over a message yielded; on failure, whatever came before it. */
export interface ParserRun {
  /** The parsed top-level headers, undefined when parsing failed before them. */
  headers: Headers | undefined;
  text: string;
  html: string;
  /** Attachment and inline parts in document order. */
  parts: PartInfo[];
  error?: Error;
}

/**
 * Receives each attachment or inline part with its decoded content. It may attach 'data'/'end'
 * listeners synchronously; whatever it does not read is discarded.
 */
export type ContentSink = (part: PartInfo, content: Readable) => void;

const BASE_OPTIONS: MailParserOptions = {
  // Mailpit (enmime) does not descend into message/rfc822 parts: they are parts of their own.
  ignoreEmbedded: true,
  skipImageLinks: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  // Checksums, where wanted, are computed by the sink (Mailpit gives three of them).
  checksumAlgo: false,
};

/**
 * Runs mailparser's streaming parser over `raw`. Never rejects: a parser error ends the run with
 * `error` set and the fields holding what was parsed so far.
 */
export async function runParser(raw: Buffer, options: MailParserOptions, sink?: ContentSink): Promise<ParserRun> {
  // Loaded on first use (~200 ms): everyday mail is summarised without it (see fast-summary.ts).
  let MailParser: typeof import('mailparser').MailParser;
  try {
    ({ MailParser } = await import('mailparser'));
  } catch (err) {
    return { headers: undefined, text: '', html: '', parts: [], error: err instanceof Error ? err : new Error(String(err)) };
  }
  return new Promise((resolve) => {
    const run: ParserRun = { headers: undefined, text: '', html: '', parts: [] };
    const contentEnds: Promise<void>[] = [];
    let settled = false;
    const succeed = (): void => {
      if (settled) return;
      settled = true;
      void Promise.all(contentEnds).then(() => resolve(run));
    };
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      // Content streams may never end after a failure: do not wait for them.
      run.error = err instanceof Error ? err : new Error(String(err));
      resolve(run);
    };

    let parser: MailParser;
    try {
      parser = new MailParser({ ...BASE_OPTIONS, ...options });
    } catch (err) {
      fail(err);
      return;
    }
    // Stays attached after settling: mailparser may report more than one error.
    parser.on('error', (err: unknown) => fail(err));
    parser.on('headers', (headers) => {
      run.headers = headers;
    });
    parser.on('data', (data: AttachmentStream | MessageText) => {
      try {
        if (data.type === 'text') {
          run.text = data.text ?? '';
          run.html = data.html ?? '';
          return;
        }
        const part = describePart(data, run.parts.length);
        run.parts.push(part);
        contentEnds.push(settledWhenDone(data.content));
        sink?.(part, data.content);
        data.content.resume();
        data.release?.();
      } catch (err) {
        fail(err);
      }
    });
    parser.on('end', succeed);
    try {
      parser.end(raw);
    } catch (err) {
      fail(err);
    }
  });
}

function settledWhenDone(stream: Readable): Promise<void> {
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    // A decoding error ends this part's content; the parser reports what matters on its own.
    stream.on('error', () => resolve());
  });
}
