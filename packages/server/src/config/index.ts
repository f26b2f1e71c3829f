/**
 * One typed Config from defaults, `MAILSINK_*` variables and flags (flags win), validated at start
 * with a message that names the bad option and the accepted values.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseRules, type FaultRule } from '../faults/index.js';
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
  /** HTTP basic auth for the UI, API and WebSocket: --ui-auth and --ui-auth-file together; none = off. */
  uiAuth: UiCredential[];
  uiAuthFile: UiCredential[];
  /** Origins (scheme://host[:port]) that get CORS headers and may open the WebSocket. */
  cors: string[];
  /** PEM files for HTTPS on --listen; both or neither. */
  listenTlsCert: string;
  listenTlsKey: string;
  /** Mailpit's chaos triggers (/api/v1/chaos). */
  enableChaos: boolean;
  /** Deterministic SMTP fault rules from --smtp-rules FILE (more can be added through the API). */
  smtpRules: FaultRule[];
  /** STARTTLS on the SMTP port (implied by a certificate, --smtps or --smtp-require-tls). */
  smtpTls: boolean;
  /** PEM files for SMTP TLS; both or neither; neither = a self-signed pair in <dataDir>/tls. */
  smtpTlsCert: string;
  smtpTlsKey: string;
  smtpRequireTls: boolean;
  /** The implicit-TLS listener (RFC 8314), or null. */
  smtps: HostPort | null;
  /** SMTP AUTH credentials from --smtp-auth and --smtp-auth-file; none = any credentials accepted. */
  smtpAuth: UiCredential[];
  smtpAuthFile: UiCredential[];
  smtpRequireAuth: boolean;
  /** New SMTP connections per client address per minute, 0 = unlimited. */
  smtpMaxConnectionsPerMinute: number;
  /** Bytes of unfinished messages held in memory at once per SMTP listener, 0 = unlimited. */
  smtpMaxInFlight: number;
}

export interface UiCredential {
  user: string;
  password: string;
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
  /** A flag without a value (`--flag` sets true); its variable takes true/false/1/0. */
  boolean?: boolean;
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
  option({ key: 'uiAuth', flag: '--ui-auth', env: 'MAILSINK_UI_AUTH', arg: 'USER:PASS[,…]', parse: parseCredentials,
    shownDefault: 'off', help: 'require HTTP basic auth for the web UI, API and WebSocket (not /livez, /readyz)' }),
  option({ key: 'uiAuthFile', flag: '--ui-auth-file', env: 'MAILSINK_UI_AUTH_FILE', arg: 'FILE', parse: parseCredentialsFile,
    shownDefault: 'off', help: 'like --ui-auth, one USER:PASS a line (# comments)' }),
  option({ key: 'cors', flag: '--cors', env: 'MAILSINK_CORS', arg: 'ORIGIN[,…]', parse: parseOrigins,
    shownDefault: 'none', help: 'origins (e.g. http://localhost:3000) allowed to call the API and open the WebSocket' }),
  option({ key: 'listenTlsCert', flag: '--listen-tls-cert', env: 'MAILSINK_LISTEN_TLS_CERT', arg: 'FILE', parse: parseFile,
    shownDefault: 'off', help: 'serve HTTPS with this PEM certificate (with --listen-tls-key)' }),
  option({ key: 'listenTlsKey', flag: '--listen-tls-key', env: 'MAILSINK_LISTEN_TLS_KEY', arg: 'FILE', parse: parseFile,
    shownDefault: 'off', help: 'the PEM private key for --listen-tls-cert' }),
  option({ key: 'enableChaos', flag: '--enable-chaos', env: 'MAILSINK_ENABLE_CHAOS', arg: '', parse: parseBoolean,
    boolean: true, shownDefault: 'off', help: 'enable Mailpit\'s /api/v1/chaos (random SMTP errors)' }),
  option({ key: 'smtpRules', flag: '--smtp-rules', env: 'MAILSINK_SMTP_RULES', arg: 'FILE', parse: parseRulesFile,
    shownDefault: 'none', help: 'JSON array of SMTP fault rules (see /api/mailsink/v1/faults)' }),
  option({ key: 'smtpTls', flag: '--smtp-tls', env: 'MAILSINK_SMTP_TLS', arg: '', parse: parseBoolean, boolean: true,
    shownDefault: 'off', help: 'offer STARTTLS (a self-signed certificate in DATA_DIR/tls unless --smtp-tls-cert)' }),
  option({ key: 'smtpTlsCert', flag: '--smtp-tls-cert', env: 'MAILSINK_SMTP_TLS_CERT', arg: 'FILE', parse: parseFile,
    shownDefault: 'self-signed', help: 'PEM certificate (chain) for SMTP TLS (with --smtp-tls-key)' }),
  option({ key: 'smtpTlsKey', flag: '--smtp-tls-key', env: 'MAILSINK_SMTP_TLS_KEY', arg: 'FILE', parse: parseFile,
    shownDefault: 'self-signed', help: 'the PEM private key for --smtp-tls-cert' }),
  option({ key: 'smtpRequireTls', flag: '--smtp-require-tls', env: 'MAILSINK_SMTP_REQUIRE_TLS', arg: '', parse: parseBoolean,
    boolean: true, shownDefault: 'off', help: 'refuse MAIL and AUTH before STARTTLS (530 5.7.0)' }),
  option({ key: 'smtps', flag: '--smtps', env: 'MAILSINK_SMTPS', arg: 'HOST:PORT', parse: parseHostPort,
    shownDefault: 'off', help: 'also listen for implicit-TLS SMTP (port 465 semantics, RFC 8314)' }),
  option({ key: 'smtpAuth', flag: '--smtp-auth', env: 'MAILSINK_SMTP_AUTH', arg: 'USER:PASS[,…]', parse: parseCredentials,
    shownDefault: 'any credentials accepted', help: 'check SMTP AUTH (PLAIN, LOGIN, CRAM-MD5) against these' }),
  option({ key: 'smtpAuthFile', flag: '--smtp-auth-file', env: 'MAILSINK_SMTP_AUTH_FILE', arg: 'FILE', parse: parseCredentialsFile,
    shownDefault: 'none', help: 'like --smtp-auth, one USER:PASS a line (# comments)' }),
  option({ key: 'smtpRequireAuth', flag: '--smtp-require-auth', env: 'MAILSINK_SMTP_REQUIRE_AUTH', arg: '', parse: parseBoolean,
    boolean: true, shownDefault: 'off', help: 'refuse MAIL before AUTH (530 5.7.0)' }),
  option({ key: 'smtpMaxConnectionsPerMinute', flag: '--smtp-max-connections-per-minute', env: 'MAILSINK_SMTP_MAX_CONNECTIONS_PER_MINUTE',
    arg: 'N', parse: parseCount, shownDefault: '0', help: 'new SMTP connections per client address per minute; past it 421 (0 = unlimited)' }),
  option({ key: 'smtpMaxInFlight', flag: '--smtp-max-in-flight', env: 'MAILSINK_SMTP_MAX_IN_FLIGHT', arg: 'SIZE', parse: parseSize,
    shownDefault: '256MiB', help: 'message bytes all SMTP sessions may hold in memory at once (at least --max-message-size); past it 452 (0 = unlimited)' }),
];

function parseBoolean(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new Error(`"${value}" is not true or false`);
}

function parseCredentials(value: string): UiCredential[] {
  return value.split(',').filter((s) => s.trim() !== '').map(parseCredential);
}

function parseCredential(entry: string): UiCredential {
  const colon = entry.indexOf(':');
  const user = entry.slice(0, colon).trim();
  const password = entry.slice(colon + 1);
  if (colon <= 0 || user === '' || password === '') throw new Error(`expected USER:PASSWORD, got "${entry.slice(0, 40)}"`);
  return { user, password };
}

function parseCredentialsFile(value: string): UiCredential[] {
  const lines = readTextFile(value).split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (lines.length === 0) throw new Error(`${value} holds no USER:PASSWORD line`);
  return lines.map((line, i) => {
    try {
      return parseCredential(line);
    } catch {
      throw new Error(`${value} line ${i + 1}: expected USER:PASSWORD`);
    }
  });
}

function parseOrigins(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '').map((origin) => {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      // reported below
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== origin.replace(/\/$/, '')) {
      throw new Error(`"${origin}" is not an origin like http://localhost:3000 (scheme, host and port only)`);
    }
    return url.origin;
  });
}

function parseFile(value: string): string {
  readTextFile(value);
  return path.resolve(value);
}

function parseRulesFile(value: string): FaultRule[] {
  let json: unknown;
  try {
    json = JSON.parse(readTextFile(value));
  } catch (err) {
    throw new Error(`${value} is not valid JSON (${(err as Error).message})`);
  }
  try {
    return parseRules(json);
  } catch (err) {
    throw new Error(`${value}: ${(err as Error).message}`);
  }
}

function readTextFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

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
    uiAuth: [],
    uiAuthFile: [],
    cors: [],
    listenTlsCert: '',
    listenTlsKey: '',
    enableChaos: false,
    smtpRules: [],
    smtpTls: false,
    smtpTlsCert: '',
    smtpTlsKey: '',
    smtpRequireTls: false,
    smtps: null,
    smtpAuth: [],
    smtpAuthFile: [],
    smtpRequireAuth: false,
    smtpMaxConnectionsPerMinute: 0,
    smtpMaxInFlight: 256 * 1024 ** 2,
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
    else if (spec.boolean) value = 'true';
    else value = argv[++i];
    if (value === undefined) throw new ConfigError(`${flag}: a value is missing (${flag} ${spec.arg})`);
    apply(config, spec, value, flag);
  }
  if (!config.listenTlsCert !== !config.listenTlsKey) {
    throw new ConfigError('--listen-tls-cert and --listen-tls-key: give both files or neither');
  }
  if (!config.smtpTlsCert !== !config.smtpTlsKey) {
    throw new ConfigError('--smtp-tls-cert and --smtp-tls-key: give both files or neither');
  }
  return config;
}

export function helpText(version: string): string {
  const rows = OPTIONS.map((o) => [o.boolean ? o.flag : `${o.flag} ${o.arg}`, o.env, `${o.help} [default: ${o.shownDefault}]`]);
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
