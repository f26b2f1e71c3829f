/**
 * A fingerprint of mailsink's built dist/ (paths, sizes, mtimes), so that a run can tell when
 * the build it measures changed under it (someone ran `pnpm build` meanwhile).
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../../server/dist/', import.meta.url));

export function mailsinkBuildStamp(): string {
  const hash = createHash('sha256');
  for (const entry of readdirSync(DIST, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const { size, mtimeMs } = statSync(file);
    hash.update(`${path.relative(DIST, file)}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 12);
}
