import { open, readFile, unlink } from 'node:fs/promises';
import { StoreLockedError } from './errors.js';

export interface DirLock {
  release(): Promise<void>;
}

/**
 * Lock paths this process holds. A lock file naming our own pid that is not in here was left
 * by an earlier process that had the same pid (PID 1 in a restarted container) and is stale.
 */
const heldHere = new Set<string>();

/**
 * Takes the data directory's lock file (created with O_EXCL, holding our pid). A lock whose pid
 * is no longer running is taken over; a live one gives StoreLockedError naming the directory.
 */
export async function lockDataDir(dataDir: string, lockPath: string): Promise<DirLock> {
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      heldHere.add(lockPath);
      return { release: () => release(lockPath) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readOwner(lockPath);
    // A lock without a pid was cut off between its creation and its write: stale as well.
    const stale = owner === undefined || !isLive(owner, lockPath);
    if (!stale || attempt > 0) {
      throw new StoreLockedError(
        dataDir,
        `the data directory ${dataDir} is in use by another mailsink` +
          (owner !== undefined ? ` (pid ${owner})` : '') +
          `: stop it or choose another --data-dir (if no mailsink is running, remove ${lockPath})`,
      );
    }
    await unlink(lockPath).catch(ignoreMissing);
  }
}

async function readOwner(lockPath: string): Promise<number | undefined> {
  const text = await readFile(lockPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

function isLive(pid: number, lockPath: string): boolean {
  if (pid === process.pid) return heldHere.has(lockPath);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function release(lockPath: string): Promise<void> {
  if (!heldHere.delete(lockPath)) return;
  if ((await readOwner(lockPath)) === process.pid) await unlink(lockPath).catch(ignoreMissing);
}

function ignoreMissing(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}
