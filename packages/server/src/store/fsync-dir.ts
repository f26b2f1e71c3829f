import { open } from 'node:fs/promises';

/** Makes a directory's entries (a created, renamed or unlinked file) durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
