/**
 * Where a client command finds the running mailsink: the same `--smtp` / `--listen` options and
 * MAILSINK_* variables as the server, so a command run beside it (in its container, say) needs
 * no options. A wildcard listen address means "this machine".
 */
import { parseConfig, type HostPort } from '../config/index.js';

export interface Target {
  smtp: HostPort;
  listen: HostPort;
}

/** Throws ConfigError naming the option when a value is bad. */
export function resolveTarget(flags: { smtp?: string; listen?: string }, env: NodeJS.ProcessEnv): Target {
  const argv: string[] = [];
  if (flags.smtp !== undefined) argv.push('--smtp', flags.smtp);
  if (flags.listen !== undefined) argv.push('--listen', flags.listen);
  const config = parseConfig(argv, env);
  return { smtp: connectable(config.smtp), listen: connectable(config.listen) };
}

function connectable({ host, port }: HostPort): HostPort {
  if (host === '0.0.0.0') return { host: '127.0.0.1', port };
  if (host === '::' || host === '[::]') return { host: '::1', port };
  return { host, port };
}
