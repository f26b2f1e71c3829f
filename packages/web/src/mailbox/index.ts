export { useMailbox, type Mailbox, type MailboxOptions } from './useMailbox';
export type { MailboxState } from './state';
export { MessageList } from './MessageList';
