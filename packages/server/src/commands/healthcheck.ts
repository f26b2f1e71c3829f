/**
 * `mailsink healthcheck`: exits 0 when the SMTP listener greets and `GET /readyz` answers 200,
 * else 1 with the reason on stderr. Docker's HEALTHCHECK runs it inside the container, where the
 * same MAILSINK_SMTP / MAILSINK_LISTEN as the server apply (0.0.0.0 is checked on 127.0.0.1).
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { ConfigError, formatHostPort, type HostPort } from '../config/index.js';
import { resolveTarget } from './target.js';

export const HEALTHCHECK_HELP = `Usage: mailsink healthcheck [--smtp HOST:PORT] [--listen HOST:PORT] [--https] [--timeout SECONDS]

Exits 0 when mailsink's SMTP listener greets with 220 and its HTTP listener answers GET /readyz
with 200, else 1. Reads MAILSINK_SMTP and MAILSINK_LISTEN like the server; 0.0.0.0 means 127.0.0.1.
--https (or MAILSINK_LISTEN_TLS_CERT being set, as for the server) checks over HTTPS, accepting
the server's certificate as it is: the check is for liveness, not identity.`;

const DEFAULT_TIMEOUT_S = 5;

export async function healthcheck(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        smtp: { type: 'string' },
        listen: { type: 'string' },
        https: { type: 'boolean' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`mailsink healthcheck: ${(err as Error).message}\n\n${HEALTHCHECK_HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(HEALTHCHECK_HELP);
    return 0;
  }
  const timeoutMs = Number(values.timeout ?? DEFAULT_TIMEOUT_S) * 1000;
  if (!(timeoutMs > 0)) {
    console.error(`mailsink healthcheck: --timeout: "${values.timeout}" is not a number of seconds above 0`);
    return 2;
  }
  let target;
  try {
    target = resolveTarget(values, env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`mailsink healthcheck: ${err.message}`);
    return 2;
  }
  const problems = (await Promise.all([checkSmtp(target.smtp, timeoutMs), checkHttp(target.listen, Boolean(values.https || env.MAILSINK_LISTEN_TLS_CERT), timeoutMs)])).filter(
    (p): p is string => p !== undefined,
  );
  if (problems.length === 0) return 0;
  for (const problem of problems) console.error(`mailsink healthcheck: ${problem}`);
  return 1;
}

/** Undefined when the listener greets with 220; else what went wrong. */
function checkSmtp(address: HostPort, timeoutMs: number): Promise<string | undefined> {
  const where = `SMTP ${formatHostPort(address)}`;
  return new Promise((resolve) => {
    const socket = net.connect({ host: address.host, port: address.port });
    let received = '';
    let settled = false;
    const done = (problem: string | undefined) => {
      if (settled) return;
      settled = true;
      resolve(problem);
      if (problem === undefined) {
        // Say QUIT politely; the server closes the connection after its 221.
        socket.setTimeout(0);
        socket.end('QUIT\r\n');
        setTimeout(() => socket.destroy(), 1000).unref();
      } else {
        socket.destroy();
      }
    };
    socket.setTimeout(timeoutMs, () => done(`${where}: no greeting within ${timeoutMs / 1000}s`));
    socket.on('error', (err) => done(`${where}: ${err.message}`));
    socket.on('close', () => done(`${where}: closed without a greeting`));
    socket.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.toString('latin1');
      const lf = received.indexOf('\n');
      if (lf < 0 && received.length < 1000) return;
      const line = received.slice(0, lf < 0 ? 1000 : lf).trimEnd();
      // A multi-line greeting ("220-...") is a greeting too.
      done(/^220[ -]|^220$/.test(line) ? undefined : `${where}: greeted with "${line.slice(0, 200)}"`);
    });
  });
}

function checkHttp(address: HostPort, secure: boolean, timeoutMs: number): Promise<string | undefined> {
  const url = `${secure ? 'https' : 'http'}://${formatHostPort(address)}/readyz`;
  return new Promise((resolve) => {
    const request = (secure ? https : http).get(url, { timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body = (body + chunk).slice(0, 200)));
      res.on('end', () => resolve(res.statusCode === 200 ? undefined : `GET ${url}: ${res.statusCode} ${body}`));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)));
    request.on('error', (err) => resolve(`GET ${url}: ${err.message}`));
  });
}
