/**
 * `mailsink sendmail`: a sendmail-compatible command for PHP's mail(), cron and anything else that
 * pipes a message to sendmail. It reads the message on stdin and submits it to a running mailsink
 * over SMTP. Exit codes follow sendmail's (sysexits): 0 sent, 64 usage, 65 refused, 75 try later.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import addressparser from 'nodemailer/lib/addressparser';
import { ConfigError } from '../config/index.js';
import { EX_CONFIG, EX_DATAERR, EX_OK, EX_SOFTWARE, EX_TEMPFAIL, EX_USAGE } from './exit-codes.js';
import { headerRecipients, headerSender, withoutHeaderField } from './header-envelope.js';
import { openSubmitter, SubmitError } from './smtp-submit.js';
import { resolveTarget } from './target.js';

export const SENDMAIL_HELP = `Usage: mailsink sendmail [options] [recipient ...] < message

Reads one RFC 5322 message on standard input and hands it to a running mailsink over SMTP.

  -t                 also take recipients from the To, Cc and Bcc headers (Bcc is removed)
  -f ADDRESS         envelope sender (default: the From header, else USER@HOST); -r is the same
  -i, -oi            a line with a single "." does not end the message
  --smtp HOST:PORT   mailsink's SMTP listener [env MAILSINK_SMTP, default 127.0.0.1:1025]

Accepted and ignored for compatibility: -F NAME, -bm, -o OPTION, -v, -U, -N, -R, -V, -B.`;

const OPTIONS = {
  extract: { type: 'boolean', short: 't' },
  from: { type: 'string', short: 'f' },
  'return-path': { type: 'string', short: 'r' },
  'ignore-dots': { type: 'boolean', short: 'i' },
  'full-name': { type: 'string', short: 'F' },
  mode: { type: 'string', short: 'b' },
  option: { type: 'string', short: 'o', multiple: true },
  verbose: { type: 'boolean', short: 'v' },
  initial: { type: 'boolean', short: 'U' },
  notify: { type: 'string', short: 'N' },
  ret: { type: 'string', short: 'R' },
  envid: { type: 'string', short: 'V' },
  body: { type: 'string', short: 'B' },
  smtp: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function sendmail(
  argv: string[],
  stdin: AsyncIterable<Buffer | string> = process.stdin,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(SENDMAIL_HELP);
    return EX_OK;
  }
  if (values.mode !== undefined && values.mode !== 'm') {
    return usage(`-b${values.mode} is not supported (only -bm, deliver a message from standard input)`);
  }
  let target;
  try {
    target = resolveTarget({ smtp: values.smtp }, env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`mailsink sendmail: ${err.message}`);
    return EX_CONFIG;
  }

  const ignoreDots = Boolean(values['ignore-dots']) || (values.option ?? []).includes('i');
  let raw = await readMessage(stdin, ignoreDots);
  const recipients = positionals.flatMap((arg) => addressparser(arg, { flatten: true }).map((a) => a.address));
  if (values.extract) {
    recipients.push(...headerRecipients(raw));
    raw = withoutHeaderField(raw, 'Bcc');
  }
  const to = [...new Set(recipients.filter((a) => a))];
  if (to.length === 0) {
    return usage('no recipients: give them as arguments or use -t to read them from the headers');
  }
  const from = senderOption(values.from ?? values['return-path']) ?? headerSender(raw) ?? defaultSender();

  const submitter = openSubmitter(target.smtp);
  try {
    await submitter.send({ from, to }, raw);
    return EX_OK;
  } catch (err) {
    if (!(err instanceof SubmitError)) {
      console.error(`mailsink sendmail: ${(err as Error).message}`);
      return EX_SOFTWARE;
    }
    console.error(`mailsink sendmail: ${err.message}`);
    return err.temporary ? EX_TEMPFAIL : EX_DATAERR;
  } finally {
    submitter.close();
  }
}

function usage(message: string): number {
  console.error(`mailsink sendmail: ${message}\nRun "mailsink sendmail --help" for the options.`);
  return EX_USAGE;
}

/** `-f` may be a bare address, `Name <address>`, or `<>` / '' for the null sender. */
function senderOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/^\s*(<\s*>)?\s*$/.test(value)) return '';
  return addressparser(value, { flatten: true })[0]?.address || value.trim();
}

function defaultSender(): string {
  let user = 'mailsink';
  try {
    user = os.userInfo().username || user;
  } catch {
    // A container user without a passwd entry has no name.
  }
  return `${user}@${os.hostname() || 'localhost'}`;
}

/** Standard input up to its end or, as sendmail does without -i, up to a line holding a single ".". */
async function readMessage(stdin: AsyncIterable<Buffer | string>, ignoreDots: boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const raw = Buffer.concat(chunks);
  return ignoreDots ? raw : raw.subarray(0, loneDotLine(raw));
}

function loneDotLine(raw: Buffer): number {
  for (let start = 0; start < raw.length; ) {
    const lf = raw.indexOf(0x0a, start);
    const end = lf < 0 ? raw.length : lf;
    const line = raw.subarray(start, end);
    if (line.length === 1 && line[0] === 0x2e) return start;
    if (line.length === 2 && line[0] === 0x2e && line[1] === 0x0d) return start;
    if (lf < 0) break;
    start = lf + 1;
  }
  return raw.length;
}
