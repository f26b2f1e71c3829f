/** Runs the ceiling receiver in a process of its own, like the real targets. */
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { spawnTracked, stopChild } from './processes.js';
import type { Target } from './target.js';

const MAIN = fileURLToPath(new URL('../ceiling/main.ts', import.meta.url));

export async function startCeiling(): Promise<Target> {
  const started = performance.now();
  const child = spawnTracked(process.execPath, ['--import', import.meta.resolve('tsx'), MAIN], { stdio: ['ignore', 'pipe', 'inherit'] });
  const smtp = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      try {
        resolve((JSON.parse(line) as { smtp: string }).smtp);
      } catch {
        reject(new Error(`ceiling receiver printed ${line}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`ceiling receiver exited (code ${code}) before starting`)));
  });
  return {
    name: 'ceiling',
    smtpPort: Number(smtp.split(':').pop()),
    pid: child.pid!,
    startupMs: performance.now() - started,
    stop: () => stopChild(child),
  };
}
