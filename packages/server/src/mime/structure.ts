import type { Transform } from 'node:stream';
import { Splitter } from '@zone-eu/mailsplit';
import type { MimeNode } from '@zone-eu/mailsplit/lib/types.js';
import { sanitizeFileName } from './file-name.js';
import { mailpitPartId } from './parts.js';

/** One node of a message's MIME tree, as the web UI's structure tab shows it. */
export interface MimePart {
  /** Mailpit-style part number ("1", "2.1"); "0" for the only part of a single-part message, "" for a multipart root. */
  PartID: string;
  ContentType: string;
  FileName: string;
  /** Encoded size of the part's body in bytes (as transferred). */
  Size: number;
  Children: MimePart[];
}

/** Mailpit counts a message's parts only to a point too; beyond it the tree is cut, not the message. */
const MAX_NODES = 1000;

/** The MIME tree of a raw message. Never rejects: broken structure gives what could be read. */
export function mimeStructure(raw: Buffer): Promise<MimePart> {
  return new Promise((resolve) => {
    const splitter = new Splitter({ ignoreEmbedded: true });
    const parts = new Map<MimeNode, MimePart>();
    let root: MimePart | undefined;
    const done = () => resolve(root ?? { PartID: '0', ContentType: 'text/plain', FileName: '', Size: raw.length, Children: [] });
    splitter.on('data', (chunk) => {
      if (chunk.type === 'node') {
        if (parts.size >= MAX_NODES) return;
        const partNr = chunk.partNr ? chunk.partNr.join('.') : '';
        const part: MimePart = {
          PartID: chunk.root ? (chunk.multipart ? '' : '0') : mailpitPartId(partNr.replace(/^TEXT\.?/, '') || null),
          ContentType: chunk.contentType || 'text/plain',
          FileName: sanitizeFileName(chunk.filename || undefined),
          Size: 0,
          Children: [],
        };
        parts.set(chunk, part);
        if (chunk.parentNode && parts.has(chunk.parentNode)) parts.get(chunk.parentNode)!.Children.push(part);
        else root ??= part;
      } else if (chunk.type === 'body') {
        const part = parts.get(chunk.node);
        if (part) part.Size += chunk.value.length;
      }
    });
    const stream = splitter as unknown as Transform;
    stream.on('end', done);
    stream.on('error', done);
    splitter.end(raw);
  });
}
