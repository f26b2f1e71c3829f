// Bundles the compiled server (dist/) into dist/bundle/, which bin/mailsink.js runs. Part of
// `build`. Packages that read files beside their own code (via __dirname) stay in node_modules.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

await rm(`${dist}bundle`, { recursive: true, force: true });
await build({
  entryPoints: [`${dist}cli.js`, `${dist}heap-policy.js`, `${dist}tiering-policy.js`],
  outdir: `${dist}bundle`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['pino', '@fastify/swagger', '@fastify/swagger-ui'],
  // CommonJS dependencies call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  // The source text of every loaded module stays in the heap for the life of the process: without
  // comments and layout it is ~2.5 MB smaller (one chunk also drops from two bytes a character
  // to one, its only non-ASCII characters were in comments). Names are kept, for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
