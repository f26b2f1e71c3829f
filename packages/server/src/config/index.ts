/**
 * One typed Config from defaults, `MAILSINK_*` variables and flags (flags win), validated at start
 * with a message that names the bad option and the accepted values.
 */
import os from 'node:os';
import path from 'node:path';
import type { LogFormat, LogLevel } from '../log.js';
import {
  type HostPort,
  formatHostPort,
  formatSize,
  parseChoice,
  parseCount,
  parseDuration,
  parseHostPort,
  parseSize,
} from './values.js';

export { formatHostPort, type HostPort } from './values.js';

export interface Config {
  smtp: HostPort;
  listen: HostPort;
  dataDir: string;
  maxMessages: number;
  maxAgeMs: number;
  maxMessageSize: number;
  maxRecipients: number;
  smtpTimeoutMs: number;
  maxConnections: number;
  hostname: string;
  /** Where the UI, /api, /view and the WebSocket live: "" for the root, else "/path" (no trailing slash). */
  basePath: string;
  logLevel: LogLevel;
  logFormat: LogFormat;
}

/** A bad option value or an unknown flag: start-up stops with this message. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

interface OptionSpec<K extends keyof Config = keyof Config> {
  key: K;
  flag: string;
  env: string;
  arg: string;
  help: string;
  parse: (value: string) => Config[K];
  /** How the default reads in --help (it may depend on the environment). */
  shownDefault: string;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

function option<K extends keyof Config>(spec: OptionSpec<K>): OptionSpec {
  return spec as unknown as OptionSpec;
}

export const OPTIONS: readonly OptionSpec[] = [
  option({ key: 'smtp', flag: '--smtp', env: 'MAILSINK_SMTP', arg: 'HOST:PORT', parse: parseHostPort,
    shownDefault: '127.0.0.1:1025', help: 'SMTP listener' }),
  option({ key: 'listen', flag: '--listen', env: 'MAILSINK_LISTEN', arg: 'HOST:PORT', parse: parseHostPort,
    shownDefault: '127.0.0.1:8025', help: 'HTTP listener (web UI and API)' }),
  option({ key: 'dataDir', flag: '--data-dir', env: 'MAILSINK_DATA_DIR', arg: 'DIR', parse: parseDir,
    shownDefault: '$XDG_DATA_HOME/mailsink or ~/.local/share/mailsink', help: 'where messages are stored' }),
  option({ key: 'maxMessages', flag: '--max-messages', env: 'MAILSINK_MAX_MESSAGES', arg: 'N', parse: parseCount,
    shownDefault: '10000', help: 'keep at most N messages, pruning the oldest (0 = unlimited)' }),
  option({ key: 'maxAgeMs', flag: '--max-age', env: 'MAILSINK_MAX_AGE', arg: 'DURATION', parse: parseDuration,
    shownDefault: '0', help: 'prune messages older than this, e.g. 12h, 7d (0 = off)' }),
  option({ key: 'maxMessageSize', flag: '--max-message-size', env: 'MAILSINK_MAX_MESSAGE_SIZE', arg: 'SIZE',
    parse: parseSize, shownDefault: '50MiB', help: 'largest message accepted, e.g. 10MB (0 = unlimited)' }),
  option({ key: 'maxRecipients', flag: '--max-recipients', env: 'MAILSINK_MAX_RECIPIENTS', arg: 'N',
    parse: parseCount, shownDefault: '1000', help: 'recipients per message (0 = unlimited)' }),
  option({ key: 'maxConnections', flag: '--max-connections', env: 'MAILSINK_MAX_CONNECTIONS', arg: 'N',
    parse: parseCount, shownDefault: '1000', help: 'concurrent SMTP connections (0 = unlimited)' }),
  option({ key: 'smtpTimeoutMs', flag: '--smtp-timeout', env: 'MAILSINK_SMTP_TIMEOUT', arg: 'DURATION',
    parse: parseDuration, shownDefault: '5m', help: 'close idle SMTP sessions after this (DATA gets 10m; 0 = off)' }),
  option({ key: 'hostname', flag: '--hostname', env: 'MAILSINK_HOSTNAME', arg: 'NAME', parse: parseHostname,
    shownDefault: 'this machine\'s host name', help: 'the name mailsink gives in SMTP greetings and Received headers' }),
  option({ key: 'basePath', flag: '--base-path', env: 'MAILSINK_BASE_PATH', arg: '/PATH', parse: parseBasePath,
    shownDefault: '/', help: 'serve the web UI, API and WebSocket under this path (behind a reverse proxy)' }),
  option({ key: 'logLevel', flag: '--log-level', env: 'MAILSINK_LOG_LEVEL', arg: 'LEVEL',
    parse: parseChoice(LOG_LEVELS), shownDefault: 'info', help: LOG_LEVELS.join(', ') }),
  option({ key: 'logFormat', flag: '--log-format', env: 'MAILSINK_LOG_FORMAT', arg: 'pretty|json',
    parse: parseChoice(['pretty', 'json'] as const), shownDefault: 'pretty on a terminal, else json',
    help: 'log line format' }),
];

function parseDir(value: string): string {
  if (value.trim() === '') throw new Error('the directory must not be empty');
  return path.resolve(value.replace(/^~(?=$|\/)/, os.homedir()));
}

function parseHostname(value: string): string {
  const v = value.trim();
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(v)) {
    throw new Error(`"${value}" is not a host name (letters, digits, dots and hyphens)`);
  }
  return v;
}

function parseBasePath(value: string): string {
  const v = value.trim();
  if (!/^\/[A-Za-z0-9._~\/-]*$/.test(v) || v.includes('//') || /(^|\/)\.\.?(\/|$)/.test(v)) {
    throw new Error(`"${value}" is not a path like /mail (letters, digits, . _ ~ - and /)`);
  }
  return v.replace(/\/+$/, '');
}

function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_DATA_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'mailsink');
}

function defaults(env: NodeJS.ProcessEnv, isTTY: boolean): Config {
  return {
    smtp: { host: '127.0.0.1', port: 1025 },
    listen: { host: '127.0.0.1', port: 8025 },
    dataDir: defaultDataDir(env),
    maxMessages: 10_000,
    maxAgeMs: 0,
    maxMessageSize: 50 * 1024 ** 2,
    maxRecipients: 1000,
    maxConnections: 1000,
    smtpTimeoutMs: 5 * 60_000,
    hostname: safeHostname(),
    basePath: '',
    logLevel: 'info',
    logFormat: isTTY ? 'pretty' : 'json',
  };
}

function safeHostname(): string {
  const name = os.hostname();
  return /^[A-Za-z0-9.-]+$/.test(name) ? name : 'localhost';
}

function apply(config: Config, spec: OptionSpec, value: string, source: string): void {
  try {
    (config as unknown as Record<string, unknown>)[spec.key] = spec.parse(value);
  } catch (err) {
    throw new ConfigError(`${source}: ${(err as Error).message}`);
  }
}

/**
 * Reads options from the environment, then from argv (`--flag value` or `--flag=value`).
 * Throws ConfigError naming the flag or variable when a value or flag is bad.
 */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, isTTY = false): Config {
  const config = defaults(env, isTTY);
  for (const spec of OPTIONS) {
    const value = env[spec.env];
    if (value !== undefined && value !== '') apply(config, spec, value, spec.env);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const spec = OPTIONS.find((o) => o.flag === flag);
    if (!spec) {
      throw new ConfigError(arg.startsWith('-') ? `unknown option ${flag}` : `unexpected argument "${arg}"`);
    }
    let value: string | undefined;
    if (eq > 0 && flag !== arg) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined) throw new ConfigError(`${flag}: a value is missing (${flag} ${spec.arg})`);
    apply(config, spec, value, flag);
  }
  return config;
}

export function helpText(version: string): string {
  const rows = OPTIONS.map((o) => [`${o.flag} ${o.arg}`, o.env, `${o.help} [default: ${o.shownDefault}]`]);
  const w0 = Math.max(...rows.map((r) => r[0]!.length));
  const w1 = Math.max(...rows.map((r) => r[1]!.length));
  const lines = rows.map(([a, b, c]) => `  ${a!.padEnd(w0)}  ${b!.padEnd(w1)}  ${c}`);
  return [
    `mailsink ${version}: a mail catcher for developers`,
    '',
    'Usage: mailsink [options]',
    '',
    'Point your application\'s SMTP settings at the SMTP listener and open the web URL.',
    'Every option can also be set through the environment variable beside it; flags win.',
    'Durations: 0, 500ms, 30s, 15m, 12h, 7d. Sizes: bytes, 10KB, 50MB, 1GiB.',
    '',
    'Options:',
    ...lines,
    `  ${'--help'.padEnd(w0)}  ${''.padEnd(w1)}  show this help`,
    `  ${'--version'.padEnd(w0)}  ${''.padEnd(w1)}  print the version`,
    '',
    'Commands (each has --help):',
    '  mailsink sendmail [-t] [-f FROM] [TO...]  submit a message from stdin, as sendmail does',
    '  mailsink ingest PATH...                   load .eml files, mbox files and Maildirs',
    '  mailsink healthcheck                      exit 0 when SMTP and HTTP answer',
  ].join('\n');
}

/** For the start-up banner and logs. */
export function describeLimits(config: Config): string {
  return [
    `max messages ${config.maxMessages || 'unlimited'}`,
    `max size ${config.maxMessageSize ? formatSize(config.maxMessageSize) : 'unlimited'}`,
    `max age ${config.maxAgeMs ? `${config.maxAgeMs / 1000}s` : 'off'}`,
  ].join(', ');
}
