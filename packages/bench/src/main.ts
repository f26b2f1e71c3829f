/**
 * pnpm bench: mailsink side by side with MailDev (and a protocol-only ceiling), written to
 * bench-results/latest.md and latest.json at the repo root.
 *
 *   --quick             a smoke run of a few minutes (one repetition, smaller counts)
 *   --only throughput   or --only stored: one group of scenarios
 *   --cpu-prof          also profile mailsink under the 8-connection load and list the top costs
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { closeHttpConnections } from './measure/http.js';
import { FULL, QUICK } from './plan.js';
import { buildRows, renderMarkdown, type RunInfo } from './report/render.js';
import { Results } from './report/results.js';
import { profileMailsink } from './scenarios/cpu-profile.js';
import type { HotFunction } from './measure/cpu-profile.js';
import { runStored } from './scenarios/stored.js';
import { runThroughput } from './scenarios/throughput.js';
import { MAILDEV_VERSION, checkMailsinkBuilt, cleanUpOnExit, ensureMaildev, mailsinkBuildStamp } from './targets/index.js';

const OUT_DIR = fileURLToPath(new URL('../../../bench-results/', import.meta.url));

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
if (flags.only && !['throughput', 'stored'].includes(flags.only)) {
  console.error(`--only takes "throughput" or "stored", not "${flags.only}"`);
  process.exit(2);
}

cleanUpOnExit();
checkMailsinkBuilt();
await ensureMaildev();

const plan = flags.quick ? QUICK : FULL;
const buildAtStart = mailsinkBuildStamp();
const results = new Results();
const log = (line: string) => console.log(line);
const startedAt = new Date();
const started = performance.now();
const notes = [
  'mailsink fsyncs every message before its 250 (group commit); MailDev keeps mail in memory and writes nothing, so it has no start-up with stored mail.',
  'MailDev has no wait API; its search is a substring match over subject, addresses and text (GET /api/email/summary?search=).',
  'Fetch one: random messages over the whole store, each fetched once (a cache of parsed messages does not help); list: GET of the newest 50, repeated.',
  'mailsink runs with --max-messages 0 and default (info) logging; both servers\' logs go to a pipe or /dev/null.',
];
if (plan.mode === 'quick') notes.unshift('Quick run: one repetition and smaller counts; targets are indicative only.');

if (flags.only !== 'stored') {
  log(`Throughput (${plan.throughputReps} repetition(s)):`);
  await runThroughput(plan, results, log);
}
if (flags.only !== 'throughput') {
  log(`Stored messages (${plan.storeReps} repetition(s)):`);
  await runStored(plan, results, log);
}

closeHttpConnections();
if (mailsinkBuildStamp() !== buildAtStart) {
  notes.unshift('**mailsink\'s dist/ changed during this run (rebuilt meanwhile): its rows mix two builds; run again.**');
}
const info: RunInfo = {
  plan,
  startedAt,
  seconds: (performance.now() - started) / 1000,
  node: process.versions.node,
  cpus: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
  maildevVersion: MAILDEV_VERSION,
  notes,
};
const rows = buildRows(plan, results);
const markdown = renderMarkdown(rows, info);
mkdirSync(OUT_DIR, { recursive: true });
const write = (md: string, cpuProfile?: { functions: HotFunction[]; files: HotFunction[] }) => {
  writeFileSync(path.join(OUT_DIR, 'latest.md'), md);
  writeFileSync(path.join(OUT_DIR, 'latest.json'), `${JSON.stringify({ ...info, startedAt: startedAt.toISOString(), rows, cpuProfile }, null, 2)}\n`);
};
write(markdown);
console.log(`\n${markdown}`);

if (flags['cpu-prof']) {
  log('CPU profile of mailsink, 5 KB over 8 connections:');
  const profileDir = path.join(OUT_DIR, 'cpu-profile');
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir);
  try {
    const profile = await profileMailsink(plan, profileDir, log);
    const table =
      `\nmailsink CPU profile, 5 KB over 8 connections: self time as a share of busy samples ` +
      `(${path.relative(path.join(OUT_DIR, '..'), profile.file)})\n\n` +
      `| % | function | where |\n|--:|---|---|\n${profile.top.functions.map((f) => `| ${f.percent.toFixed(1)} | ${f.name} | ${f.where} |`).join('\n')}\n\n` +
      `| % | file |\n|--:|---|\n${profile.top.files.map((f) => `| ${f.percent.toFixed(1)} | ${f.where} |`).join('\n')}\n`;
    write(markdown + table, profile.top);
    console.log(table);
  } catch (err) {
    console.error(`CPU profile failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
console.log(`Written to ${path.join(OUT_DIR, 'latest.md')} and latest.json`);
