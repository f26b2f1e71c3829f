/** Maildir folders (and Maildir++ subfolders): the message files under new/ and cur/. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** True when `dir` has a cur/ or new/ folder, as every Maildir does. */
export async function isMaildir(dir: string): Promise<boolean> {
  for (const sub of ['cur', 'new']) {
    const info = await stat(path.join(dir, sub)).catch(() => undefined);
    if (info?.isDirectory()) return true;
  }
  return false;
}

/**
 * The message files of a Maildir, new/ then cur/, each in name order (names begin with the
 * delivery time), then those of its Maildir++ subfolders (".Sent", ".Archive", …). tmp/ holds
 * deliveries in progress and is left alone.
 */
export async function maildirFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const sub of ['new', 'cur']) {
    const entries = await readdir(path.join(dir, sub), { withFileTypes: true }).catch(() => []);
    for (const e of entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort()) {
      files.push(path.join(dir, sub, e));
    }
  }
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.filter((e) => e.isDirectory() && e.name.startsWith('.') && e.name !== '.' && e.name !== '..').sort(byName)) {
    const sub = path.join(dir, e.name);
    if (await isMaildir(sub)) files.push(...(await maildirFiles(sub)));
  }
  return files;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
