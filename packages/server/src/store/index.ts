/** The message store: records in lowdb segment documents, raw bytes in append-only segments. */
export { openStore } from './message-store.js';
export type { MessageStore, StoreOptions } from './contract.js';
export { StoreDamagedError, StoreLockedError } from './errors.js';
export type { Address, MessageRecord, RawLocation, Summary } from './record.js';
