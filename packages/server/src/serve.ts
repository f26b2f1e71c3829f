/**
 * `mailsink` itself: parses argv/env into Config, starts everything, prints the banner, and stops
 * cleanly on SIGINT/SIGTERM.
 */
import { ConfigError, describeLimits, formatHostPort, parseConfig, type Config } from './config/index.js';
import { createLogger } from './log.js';
import { ListenError, startMailsink } from './mailsink.js';
import { StoreDamagedError, StoreLockedError } from './store/index.js';
import { VERSION } from './version.js';

/** Resolves with the exit code once mailsink has stopped (or could not start). */
export async function serve(argv: string[]): Promise<number> {
  let config;
  try {
    config = parseConfig(argv, process.env, Boolean(process.stdout.isTTY));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`mailsink: ${err.message}\nRun "mailsink --help" for the options and their formats.`);
    return 2;
  }

  const log = createLogger(config.logLevel, config.logFormat);
  let app;
  try {
    app = await startMailsink(config, log);
  } catch (err) {
    if (err instanceof StoreDamagedError || err instanceof StoreLockedError || err instanceof ListenError) {
      log.fatal(err.message);
      return 1;
    }
    throw err;
  }

  log.info(
    { smtp: formatHostPort(app.smtpAddress), smtps: app.smtpsAddress && formatHostPort(app.smtpsAddress), web: app.webUrl, dataDir: config.dataDir, version: VERSION },
    `mailsink ${VERSION} is running\n` +
      `  SMTP  ${formatHostPort(app.smtpAddress)}${smtpSecurity(config)}\n` +
      (app.smtpsAddress ? `  SMTPS ${formatHostPort(app.smtpsAddress)} (implicit TLS)\n` : '') +
      `  Web   ${app.webUrl}\n` +
      `  Data  ${config.dataDir} (${app.store.total} messages; ${describeLimits(config)})`,
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn(`${signal} again: exiting without waiting`);
        process.exit(1);
      }
      stopping = true;
      log.info(`${signal}: stopping (in-flight messages get up to 10s)`);
      app.stop().then(
        () => {
          log.info('stopped');
          resolve(0);
        },
        (err: unknown) => {
          log.error({ err }, 'error while stopping');
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** ` (STARTTLS, AUTH required)` and the like, for the banner. */
function smtpSecurity(config: Config): string {
  const parts: string[] = [];
  if (config.smtpTls || config.smtpTlsCert || config.smtpRequireTls || config.smtps) parts.push(config.smtpRequireTls ? 'STARTTLS required' : 'STARTTLS');
  const checked = config.smtpAuth.length + config.smtpAuthFile.length > 0;
  parts.push(`AUTH ${config.smtpRequireAuth ? 'required' : 'optional'}, ${checked ? 'checked' : 'any credentials'}`);
  return ` (${parts.join('; ')})`;
}
