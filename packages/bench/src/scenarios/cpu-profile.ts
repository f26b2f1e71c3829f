/** --cpu-prof: mailsink under the 8-connection 5 KB load with `node --cpu-prof`, top self time. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { makeMessage } from '../load/messages.js';
import { runLoad } from '../load/run-load.js';
import { topSelfTime, type HotFunction } from '../measure/cpu-profile.js';
import type { Plan } from '../plan.js';
import { makeTempDir, removeTempDir, startMailsink } from '../targets/index.js';

export async function profileMailsink(plan: Plan, outDir: string, log: (line: string) => void): Promise<{ file: string; top: { functions: HotFunction[]; files: HotFunction[] } }> {
  const dataDir = makeTempDir('mailsink-bench');
  const target = await startMailsink({ dataDir, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', outDir] });
  try {
    const result = await runLoad({
      port: target.smtpPort, connections: 8, count: plan.session8 * 2, maxSeconds: plan.maxLoadSeconds, mode: 'session',
      message: (n) => makeMessage('5kb', n),
    });
    log(`  profiled: ${result.accepted} messages at ${Math.round(result.perSecond)} msg/s (profiler on)`);
  } finally {
    await target.stop();
    removeTempDir(dataDir);
  }
  const profiles = readdirSync(outDir).filter((f) => f.endsWith('.cpuprofile')).sort();
  const file = profiles.at(-1);
  if (!file) throw new Error(`mailsink wrote no .cpuprofile into ${outDir} (did it exit cleanly?)`);
  return { file: path.join(outDir, file), top: topSelfTime(path.join(outDir, file)) };
}
