/** The `mailsink` subcommands besides running the server: each takes its argv and resolves with an exit code. */
import { healthcheck } from './healthcheck.js';
import { ingest } from './ingest.js';
import { sendmail } from './sendmail.js';

export type Subcommand = (argv: string[]) => Promise<number>;

const SUBCOMMANDS = new Map<string, Subcommand>([
  ['sendmail', (argv) => sendmail(argv)],
  ['healthcheck', (argv) => healthcheck(argv)],
  ['ingest', (argv) => ingest(argv)],
]);

/** The subcommand called `name`, or undefined when `name` is not one (e.g. an option of the server). */
export function findSubcommand(name: string | undefined): Subcommand | undefined {
  return name === undefined ? undefined : SUBCOMMANDS.get(name);
}
