/** Starts a target on a fresh process (and data dir), runs `use`, and always stops and cleans up. */
import {
  makeTempDir, removeTempDir, startCeiling, startMaildev, startMailsink, type Target, type TargetName,
} from '../targets/index.js';

export interface WithTargetOptions {
  onError: (err: Error) => void;
  log: (line: string) => void;
}

export async function withTarget(name: TargetName, use: (target: Target) => Promise<void>, options: WithTargetOptions): Promise<void> {
  const dataDir = name === 'mailsink' ? makeTempDir('mailsink-bench') : undefined;
  let target: Target | undefined;
  try {
    target =
      name === 'mailsink' ? await startMailsink({ dataDir: dataDir! }) : name === 'maildev' ? await startMaildev() : await startCeiling();
    await use(target);
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    options.log(`  ${name}: ${error.message}`);
    options.onError(error);
  } finally {
    await target?.stop();
    if (dataDir) removeTempDir(dataDir);
  }
}
