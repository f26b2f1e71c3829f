/**
 * mime/: raw RFC 5322 bytes → what mailsink stores and serves, with mailparser. Mail is hostile:
 * every function here answers for any bytes at all and never rejects.
 */
export { summarize } from './summarize.js';
export { parseMessage } from './parse-message.js';
export { getPart } from './get-part.js';
export { readHeaders } from './header-record.js';
export type { ListUnsubscribe, MessageAttachment, MessagePartContent, ParsedMessage } from './types.js';
export { mimeStructure, type MimePart } from './structure.js';
