/** @mailsink/client: a typed client for mailsink's REST API, for test suites. Needs only fetch. */
export {
  MailsinkClient,
  type MailsinkClientOptions,
  type MessageRef,
  type WaitOptions,
  type PageOptions,
  type GetOptions,
  type AttachmentFile,
} from './client.js';
export type { WaitTimeout } from './duration.js';
export { MailsinkError, MailsinkTimeoutError } from './errors.js';
export { extractLinks, type MessageBodies } from './links.js';
export { extractOneTimeCode, type OneTimeCodeOptions } from './one-time-code.js';
export { htmlToText } from './html-text.js';
export type {
  Address,
  AppInformation,
  Attachment,
  Envelope,
  EnvelopePath,
  ListUnsubscribe,
  Message,
  MessageHeaders,
  MessagesSummary,
  MessageSummary,
  SendAddress,
  SendRequest,
  SendResponse,
} from './types.js';
