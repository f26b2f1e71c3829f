import { constants } from 'node:fs';

/**
 * Open flag that makes each write durable on return, on Linux. Elsewhere it is 0 and the
 * caller's explicit fdatasync stays: Windows has no O_DSYNC, and on macOS only libuv's
 * fdatasync (F_FULLFSYNC) flushes the drive cache.
 */
export const DSYNC: number = process.platform === 'linux' ? (constants.O_DSYNC ?? 0) : 0;
