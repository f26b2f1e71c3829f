import type { FastifyReply } from 'fastify';

/** Types a browser would run or render as a document: served as downloads only. */
const ACTIVE_TYPES = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/javascript)$/;
const PREVIEW_TYPES = /^image\/(png|jpeg|gif|webp|bmp)$/;

/**
 * Headers for serving a part of hostile mail: active content never renders on our origin,
 * images may be shown inline, everything else downloads under its sanitised name.
 */
export function setPartHeaders(reply: FastifyReply, contentType: string, fileName: string): void {
  const active = ACTIVE_TYPES.test(contentType);
  reply.type(active ? 'application/octet-stream' : contentType);
  const disposition = !active && PREVIEW_TYPES.test(contentType) ? 'inline' : 'attachment';
  reply.header('content-disposition', `${disposition}; filename="${asciiName(fileName)}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('content-security-policy', "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox");
}

function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}
