import { runParser } from './run-parser.js';
import type { MessagePartContent } from './types.js';

/**
 * The decoded content of the attachment or inline part listed with `partId` (as in ParsedMessage's
 * Attachments and Inline), or undefined when the message has no such part.
 */
export async function getPart(raw: Buffer, partId: string): Promise<MessagePartContent | undefined> {
  const found: { value?: MessagePartContent; chunks: Buffer[] } = { chunks: [] };
  await runParser(raw, { skipHtmlToText: true }, (part, content) => {
    if (found.value || part.partId !== partId) return;
    found.value = { contentType: part.contentType, fileName: part.fileName, content: Buffer.alloc(0) };
    content.on('data', (chunk: Buffer) => found.chunks.push(chunk));
  });
  if (!found.value) return undefined;
  // A part cut short by a later parse failure is returned as far as it was decoded.
  return { ...found.value, content: Buffer.concat(found.chunks) };
}
