import type { AttachmentStream, HeaderValue } from 'mailparser';
import { defaultFileName, sanitizeFileName } from './file-name.js';

/** One attachment or inline part, described the way Mailpit lists it. */
export interface PartInfo {
  /** Mailpit's PartID: "0" for a single-part message, else "1", "2", "2.1", ... (see mailpitPartId). */
  partId: string;
  /** The declared media type, lower-cased; application/octet-stream when absent or malformed. */
  contentType: string;
  /** Sanitised file name, defaulted when the part names none. */
  fileName: string;
  /** Content-ID without angle brackets, "" when none. */
  contentId: string;
  /** Which of Mailpit's lists the part belongs to. */
  kind: 'attachment' | 'inline';
  /** Position in the message, counting only attachment and inline parts. */
  order: number;
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

export function describePart(a: AttachmentStream, order: number): PartInfo {
  return partInfo(
    {
      partId: a.partId,
      contentType: declaredType(a.headers.get('content-type')) ?? safeType(a.contentType),
      filename: a.filename,
      contentId: a.cid ?? '',
      disposition: a.contentDisposition ?? '',
    },
    order,
  );
}

/** What describes a part, however it was parsed. */
export interface PartFacts {
  /** The parser's part number, null for a single-part message. */
  partId: string | null;
  /** The media type, already made safe (see safeType). */
  contentType: string;
  filename: string | undefined;
  /** Content-ID without angle brackets. */
  contentId: string;
  disposition: string;
}

export function partInfo(facts: PartFacts, order: number): PartInfo {
  const partId = mailpitPartId(facts.partId);
  const { contentType, contentId } = facts;
  const fileName = sanitizeFileName(facts.filename) || defaultFileName(partId, contentType, contentId);
  return { partId, contentType, fileName, contentId, kind: kindOf(facts.disposition.trim().toLowerCase(), contentType), order };
}

/**
 * mailparser numbers parts IMAP-style from the real tree ("1", "2.1") and gives null for a
 * single-part message; Mailpit (enmime) uses the same numbers and "0" for the root part.
 */
export function mailpitPartId(partId: string | null): string {
  return partId || '0';
}

/**
 * Mailpit's split (enmime's Attachments / Inlines / OtherParts): a part is an attachment when its
 * disposition says so or it is application/octet-stream; inline when its disposition is inline or
 * absent. A part with any other disposition, which Mailpit drops, is kept as an attachment.
 */
function kindOf(disposition: string, contentType: string): PartInfo['kind'] {
  if (disposition === 'attachment' || contentType === 'application/octet-stream') return 'attachment';
  if (disposition === 'inline' || disposition === '') return 'inline';
  return 'attachment';
}

/** Mailpit lists parts breadth-first: shallower parts first, document order among equals. */
export function mailpitOrder(parts: readonly PartInfo[]): PartInfo[] {
  const depth = (p: PartInfo): number => p.partId.split('.').length;
  return [...parts].sort((a, b) => depth(a) - depth(b) || a.order - b.order);
}

function declaredType(header: HeaderValue | undefined): string | undefined {
  if (!header || typeof header !== 'object' || !('value' in header) || typeof header.value !== 'string') return undefined;
  const type = header.value.trim().toLowerCase();
  return MEDIA_TYPE.test(type) ? type : undefined;
}

/** The media type lower-cased if well-formed, else application/octet-stream. */
export function safeType(type: unknown): string {
  // mailparser gives false for an empty Content-Type field.
  const t = typeof type === 'string' ? type.trim().toLowerCase() : '';
  return MEDIA_TYPE.test(t) ? t : 'application/octet-stream';
}
