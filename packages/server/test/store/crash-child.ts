/**
 * Run as a child process by the crash tests: opens a store and appends until it is killed.
 *   node --import tsx crash-child.ts <dataDir> flood        8 concurrent appenders, forever
 *   node --import tsx crash-child.ts <dataDir> count <n>    one append, then n-1 at once, then SIGKILL to itself
 *                                                            (the first, a small write of its own, has zeroed space laid ahead)
 * Prints `ack <id> <marker>` for every append that resolved.
 */
import { EventBus } from '../../src/events.js';
import { silentLogger } from '../../src/log.js';
import { openStore } from '../../src/store/index.js';
import { envelope, fakeSummarize } from './helpers.js';
import { crashMessage } from './crash-message.js';

const [dataDir, mode, countArg] = process.argv.slice(2);
const store = await openStore({ dataDir: dataDir!, maxMessages: 0, maxAgeMs: 0, summarize: fakeSummarize, bus: new EventBus(), log: silentLogger() });

async function appendOne(marker: string): Promise<void> {
  const record = await store.append(envelope(), crashMessage(marker));
  process.stdout.write(`ack ${record.id} ${marker}\n`);
}

if (mode === 'flood') {
  const appenders = Array.from({ length: 8 }, async (_, n) => {
    for (let i = 0; ; i++) await appendOne(`m-${n}-${i}`);
  });
  await Promise.all(appenders);
} else {
  const count = Number(countArg);
  await appendOne('m-0');
  await Promise.all(Array.from({ length: count - 1 }, (_, i) => appendOne(`m-${i + 1}`)));
  process.kill(process.pid, 'SIGKILL');
}
