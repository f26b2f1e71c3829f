export type * from './types';
export * from './client';
export { connectLive, type ConnectionState, type LiveHandlers } from './live';
export { appUrl, messageUrls } from './urls';
