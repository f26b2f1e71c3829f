export type { Target, TargetApi, TargetName } from './target.js';
export { startMailsink, checkMailsinkBuilt, type MailsinkOptions } from './mailsink.js';
export { startMaildev, ensureMaildev, MAILDEV_VERSION } from './maildev.js';
export { startCeiling } from './ceiling.js';
export { cleanUpOnExit, makeTempDir, removeTempDir } from './processes.js';
export { mailsinkBuildStamp } from './build-stamp.js';
