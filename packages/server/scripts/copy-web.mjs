// Copies the built web UI (packages/web/dist) into dist/web, where an installed package serves it
// from (src/api/web-ui.ts). Part of `build`, so `pnpm pack` and the Docker image ship the UI.
import { cp, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const to = fileURLToPath(new URL('../dist/web/', import.meta.url));

const index = await stat(`${from}index.html`).catch(() => undefined);
if (!index?.isFile()) {
  console.error(`copy-web: ${from}index.html is missing: build the web UI first (pnpm -r run build builds it before the server).`);
  process.exit(1);
}
await rm(to, { recursive: true, force: true });
await cp(from, to, { recursive: true });
