import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = '@mailsink/server';

interface Manifest {
  name?: string;
  version: string;
}

/**
 * The server package's directory and its package.json, found from this module whether it runs
 * from src/, dist/ or the bundle in dist/bundle/, so that files beside the code (package.json,
 * the built web UI) are found at the same place from all three.
 */
export const { root: PACKAGE_ROOT, manifest: PACKAGE_MANIFEST } = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): { root: string; manifest: Manifest } {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      if (manifest.name === NAME) return { root: dir, manifest };
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json of ${NAME} above ${from}`);
  }
}
