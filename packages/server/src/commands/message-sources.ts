/**
 * What `mailsink ingest` reads: a file is an mbox when it starts with "From ", else one message
 * (.eml); a folder is a Maildir when it has cur/ or new/, else it is searched for .eml and .mbox
 * files and Maildirs.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMaildir, maildirFiles } from './maildir.js';
import { looksLikeMbox, mboxMessages } from './mbox.js';

export type SourceKind = 'eml' | 'mbox' | 'maildir';

export interface Source {
  kind: SourceKind;
  path: string;
}

export interface SourceMessage {
  /** Where the message came from, for reports: a path, or `path#N` for the Nth message of an mbox. */
  origin: string;
  raw: Buffer;
}

/** Thrown for a path that does not exist or cannot be read, before anything is sent. */
export class SourceError extends Error {
  override name = 'SourceError';
}

/** Every source under the given paths, in the order given (folders in name order). */
export async function findSources(paths: readonly string[]): Promise<Source[]> {
  const sources: Source[] = [];
  for (const p of paths) {
    const info = await stat(p).catch((err: NodeJS.ErrnoException) => {
      throw new SourceError(`${p}: ${err.code === 'ENOENT' ? 'no such file or folder' : err.message}`);
    });
    if (info.isDirectory()) sources.push(...(await folderSources(p, true)));
    else if (info.isFile()) sources.push({ kind: (await startsLikeMbox(p)) ? 'mbox' : 'eml', path: p });
    else throw new SourceError(`${p}: not a file or folder`);
  }
  return sources;
}

async function folderSources(dir: string, given: boolean): Promise<Source[]> {
  if (await isMaildir(dir)) return [{ kind: 'maildir', path: dir }];
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: Error) => {
    throw new SourceError(`${dir}: ${err.message}`);
  });
  const found: Source[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) found.push(...(await folderSources(p, false)));
    else if (e.isFile() && /\.eml$/i.test(e.name)) found.push({ kind: 'eml', path: p });
    else if (e.isFile() && /\.mbox$/i.test(e.name)) found.push({ kind: 'mbox', path: p });
  }
  if (given && found.length === 0) {
    throw new SourceError(`${dir}: no Maildir (cur/, new/), .eml or .mbox files in this folder`);
  }
  return found;
}

async function startsLikeMbox(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch((err: Error) => {
    throw new SourceError(`${file}: ${err.message}`);
  });
  try {
    const head = Buffer.alloc(5);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return looksLikeMbox(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** The messages of one source, read as they are sent (an mbox is streamed, not loaded whole). */
export async function* sourceMessages(source: Source): AsyncGenerator<SourceMessage> {
  if (source.kind === 'eml') {
    yield { origin: source.path, raw: await readFile(source.path) };
  } else if (source.kind === 'mbox') {
    let n = 0;
    for await (const raw of mboxMessages(createReadStream(source.path))) {
      yield { origin: `${source.path}#${++n}`, raw };
    }
  } else {
    for (const file of await maildirFiles(source.path)) yield { origin: file, raw: await readFile(file) };
  }
}
