#!/usr/bin/env node
// The bundle (dist/bundle/, made by `pnpm build`): one file instead of ~900 modules to resolve
// and compile, which was over half of start-up.
import { keepHeapSmall } from '../dist/bundle/heap-policy.js';
import { tierUpEarly } from '../dist/bundle/tiering-policy.js';

keepHeapSmall();
tierUpEarly();

const { main } = await import('../dist/bundle/cli.js');

main(process.argv.slice(2)).then(
  (code) => { if (typeof code === 'number') process.exitCode = code; },
  (err) => { console.error(err instanceof Error ? err.message : err); process.exit(1); },
);
