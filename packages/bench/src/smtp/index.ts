export { SmtpConnection, SmtpReplyError, queuedId, type OutgoingMessage } from './connection.js';
export type { Reply } from './reply-reader.js';
