/**
 * The `mailsink` command: a subcommand (sendmail, ingest, healthcheck), --help, --version, or
 * the daemon itself. The daemon's modules load only when it runs, so subcommands start fast.
 */
import { findSubcommand } from './commands/index.js';
import { helpText } from './config/index.js';
import { VERSION } from './version.js';

/** Resolves with the exit code once the command has finished. */
export async function main(argv: string[]): Promise<number> {
  const subcommand = findSubcommand(argv[0]);
  if (subcommand) return subcommand(argv.slice(1));
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(helpText(VERSION));
    return 0;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    console.log(VERSION);
    return 0;
  }
  const { serve } = await import('./serve.js');
  return serve(argv);
}
