/**
 * `mailsink ingest PATH…`: submits existing mail (.eml files, mbox files, Maildir folders) to a
 * running mailsink over SMTP, for moving from another mail catcher and for loading fixtures.
 * Each message keeps its bytes; its envelope comes from its headers.
 */
import { parseArgs } from 'node:util';
import addressparser from 'nodemailer/lib/addressparser';
import { ConfigError } from '../config/index.js';
import { EX_CONFIG, EX_DATAERR, EX_NOINPUT, EX_OK, EX_TEMPFAIL, EX_USAGE } from './exit-codes.js';
import { headerRecipients, headerSender } from './header-envelope.js';
import { findSources, SourceError, sourceMessages } from './message-sources.js';
import { openSubmitter, SubmitError } from './smtp-submit.js';
import { resolveTarget } from './target.js';

/** The envelope recipient of a message whose headers name none (Bcc-only mail, drafts). */
export const FALLBACK_RECIPIENT = 'undisclosed-recipients@localhost';

/** Where catchers and MTAs record the envelope recipient, beside the visible ones. */
const RECIPIENT_FIELDS = ['To', 'Cc', 'Bcc', 'Delivered-To', 'X-Original-To'];

export const INGEST_HELP = `Usage: mailsink ingest [--smtp HOST:PORT] [--to ADDRESS] PATH...

Loads existing mail into a running mailsink over SMTP. PATH is an .eml file, an mbox file (it starts
with "From "), a Maildir folder (with cur/ and new/), or a folder searched for those.
The envelope comes from the headers: sender from Return-Path or From, recipients from To, Cc, Bcc,
Delivered-To and X-Original-To.

  --smtp HOST:PORT   mailsink's SMTP listener [env MAILSINK_SMTP, default 127.0.0.1:1025]
  --to ADDRESS       recipient for messages whose headers name none [default ${FALLBACK_RECIPIENT}]

Exit status: 0 all sent, 65 some refused (each is named), 66 a PATH cannot be read (nothing is
sent), 75 mailsink cannot be reached.`;

export async function ingest(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { smtp: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(INGEST_HELP);
    return EX_OK;
  }
  if (positionals.length === 0) return usage('give at least one .eml file, mbox file or Maildir folder');
  const fallback = values.to === undefined ? FALLBACK_RECIPIENT : addressparser(values.to, { flatten: true })[0]?.address;
  if (!fallback) return usage(`--to: "${values.to}" is not an e-mail address`);

  let target;
  let sources;
  try {
    target = resolveTarget({ smtp: values.smtp }, env);
    sources = await findSources(positionals);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`mailsink ingest: ${err.message}`);
      return EX_CONFIG;
    }
    if (err instanceof SourceError) {
      console.error(`mailsink ingest: ${err.message} (nothing was sent)`);
      return EX_NOINPUT;
    }
    throw err;
  }

  const submitter = openSubmitter(target.smtp);
  let sent = 0;
  const refused: string[] = [];
  try {
    for (const source of sources) {
      let fromSource = 0;
      for await (const { origin, raw } of sourceMessages(source)) {
        const to = headerRecipients(raw, RECIPIENT_FIELDS);
        try {
          await submitter.send({ from: headerSender(raw) ?? '', to: to.length ? to : [fallback] }, raw);
          sent++;
          fromSource++;
        } catch (err) {
          if (!(err instanceof SubmitError)) throw err;
          if (!err.refused && err.temporary) {
            console.error(`mailsink ingest: ${err.message}\n${sent} messages were sent before this; ${origin} and those after it were not.`);
            return EX_TEMPFAIL;
          }
          refused.push(`${origin}: ${err.message}`);
        }
      }
      console.log(`${source.path}: ${fromSource} messages (${source.kind})`);
    }
  } catch (err) {
    console.error(`mailsink ingest: ${(err as Error).message}\n${sent} messages were sent before this.`);
    return EX_NOINPUT;
  } finally {
    submitter.close();
  }
  for (const line of refused) console.error(`mailsink ingest: ${line}`);
  console.log(`ingested ${sent} messages${refused.length ? `; ${refused.length} refused` : ''}`);
  return refused.length ? EX_DATAERR : EX_OK;
}

function usage(message: string): number {
  console.error(`mailsink ingest: ${message}\nRun "mailsink ingest --help" for the options.`);
  return EX_USAGE;
}
