/** @mailsink/server as a library: start a mailsink in-process (tests, embedding). */
export { startMailsink, type Mailsink } from './mailsink.js';
export { parseConfig, ConfigError, type Config } from './config/index.js';
export { createLogger, silentLogger, type Logger } from './log.js';
export { EventBus } from './events.js';
export type { Envelope, EnvelopePath } from './envelope.js';
export type { MessageRecord, Summary, Address } from './store/index.js';
export { VERSION } from './version.js';
export type * as ApiSchemas from './api/schemas.js';
