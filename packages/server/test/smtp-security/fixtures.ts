/** Temp directories and one self-signed certificate shared by this folder's tests. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { selfSignedCertificate, type TlsMaterial } from '../../src/smtp/index.js';

export async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'mailsink-smtp-security-'));
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

let material: Promise<TlsMaterial> | undefined;

/** A self-signed pair for 'localhost', made once per test file in a temp dir that is removed at once. */
export function testCertificate(): Promise<TlsMaterial> {
  material ??= (async () => {
    const dir = await tempDir();
    try {
      return await selfSignedCertificate(path.join(dir, 'tls'), 'localhost');
    } finally {
      await removeDir(dir);
    }
  })();
  return material;
}

export const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
