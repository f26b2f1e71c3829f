/**
 * `mailsink healthcheck`: exits 0 when the SMTP listener greets and `GET /readyz` answers 200,
 * else 1 with the reason on stderr. Docker's HEALTHCHECK runs it inside the container, where the
 * same MAILSINK_SMTP / MAILSINK_LISTEN as the server apply (0.0.0.0 is checked on 127.0.0.1).
 */
import net from 'node:net';
import { parseArgs } from 'node:util';
import { ConfigError, formatHostPort, type HostPort } from '../config/index.js';
import { resolveTarget } from './target.js';

export const HEALTHCHECK_HELP = `Usage: mailsink healthcheck [--smtp HOST:PORT] [--listen HOST:PORT] [--timeout SECONDS]

Exits 0 when mailsink's SMTP listener greets with 220 and its HTTP listener answers GET /readyz
with 200, else 1. Reads MAILSINK_SMTP and MAILSINK_LISTEN like the server; 0.0.0.0 means 127.0.0.1.`;

const DEFAULT_TIMEOUT_S = 5;

export async function healthcheck(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { smtp: { type: 'string' }, listen: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
  const problems = (await Promise.all([checkSmtp(target.smtp, timeoutMs), checkHttp(target.listen, timeoutMs)])).filter(
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

async function checkHttp(address: HostPort, timeoutMs: number): Promise<string | undefined> {
  const url = `http://${formatHostPort(address)}/readyz`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.text()).slice(0, 200);
    return res.status === 200 ? undefined : `GET ${url}: ${res.status} ${body}`;
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    return `GET ${url}: ${cause ?? (err as Error).message}`;
  }
}
