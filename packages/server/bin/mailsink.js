#!/usr/bin/env node
import v8 from 'node:v8';

// Before anything big is allocated: favour a small heap over raw speed (mailsink is mostly I/O
// bound). --optimize-for-size makes old space grow in smaller steps; the young generation's size
// is fixed at start-up, so stop it from growing from its 1 MB semi-spaces instead.
v8.setFlagsFromString('--optimize-for-size');
v8.setFlagsFromString('--semi-space-growth-factor=1');

const { main } = await import('../dist/cli.js');

main(process.argv.slice(2)).then(
  (code) => { if (typeof code === 'number') process.exitCode = code; },
  (err) => { console.error(err instanceof Error ? err.message : err); process.exit(1); },
);
