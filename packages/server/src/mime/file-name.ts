/** C0 and C1 control characters, NUL included. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** Bidirectional overrides and invisible characters that let a name pose as another (e.g. "fdp.exe" shown as "exe.pdf"). */
const DECEPTIVE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const MAX_LENGTH = 255;

/**
 * A file name from mail made safe to offer for download: control and deceptive characters
 * removed, any directory part dropped (both / and \), at most 255 characters with the extension
 * kept. "" when nothing usable is left.
 */
export function sanitizeFileName(name: string | undefined): string {
  if (!name) return '';
  let s = name.replace(CONTROL, '').replace(DECEPTIVE, '');
  s = s.slice(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1).trim();
  if (s === '.' || s === '..') return '';
  if (s.length > MAX_LENGTH) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 16 ? s.slice(dot) : '';
    s = dropSplitSurrogate(s.slice(0, MAX_LENGTH - ext.length)) + ext;
  }
  return s;
}

/**
 * The name of a part that gives none: its Content-ID, as Mailpit does, else
 * `part-<PartID>.<extension of its type>`.
 */
export function defaultFileName(partId: string, contentType: string, contentId: string): string {
  return sanitizeFileName(contentId) || `part-${partId}.${extensionFor(contentType)}`;
}

const EXTENSIONS: Record<string, string> = {
  'application/json': 'json',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/ics': 'ics',
  'image/gif': 'gif',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/svg+xml': 'svg',
  'image/webp': 'webp',
  'message/delivery-status': 'txt',
  'message/rfc822': 'eml',
  'text/calendar': 'ics',
  'text/csv': 'csv',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/xml': 'xml',
};

function extensionFor(contentType: string): string {
  return Object.hasOwn(EXTENSIONS, contentType) ? (EXTENSIONS[contentType] as string) : 'bin';
}

function dropSplitSurrogate(s: string): string {
  const last = s.charCodeAt(s.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? s.slice(0, -1) : s;
}
