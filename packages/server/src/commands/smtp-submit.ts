/**
 * Hands finished messages to a running mailsink over SMTP with nodemailer's client, byte for byte
 * (nodemailer only adds dot-stuffing and CRLF line ends), on one reused connection.
 */
import { createTransport } from 'nodemailer';
import { formatHostPort, type HostPort } from '../config/index.js';

export interface SubmitEnvelope {
  /** The MAIL FROM address; '' is the null sender `<>`. */
  from: string;
  to: string[];
}

export interface Submitter {
  /** Resolves with the server's reply to the end of data, e.g. `250 2.0.0 Ok: queued as ID`. */
  send(envelope: SubmitEnvelope, raw: Buffer): Promise<string>;
  close(): void;
}

/** Connection problems and SMTP rejections, with the server address in the message. */
export class SubmitError extends Error {
  override name = 'SubmitError';
  constructor(
    message: string,
    /** mailsink answered with an SMTP error reply (rather than not answering at all). */
    readonly refused: boolean,
    /** Trying again later may work: mailsink unreachable, or a 4xx reply. */
    readonly temporary: boolean,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 30_000;
/** nodemailer's codes for "could not talk to the server" (as opposed to a bad message or envelope). */
const CONNECTION_ERRORS = ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPROTOCOL'];

export function openSubmitter(smtp: HostPort): Submitter {
  const transport = createTransport({
    pool: true,
    maxConnections: 1,
    maxMessages: Infinity,
    host: smtp.host,
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  const where = formatHostPort(smtp);
  return {
    async send(envelope, raw) {
      try {
        const info = await transport.sendMail({ envelope: { from: envelope.from, to: envelope.to }, raw });
        return info.response;
      } catch (err) {
        throw submitError(err, where);
      }
    },
    close() {
      transport.close();
    },
  };
}

function submitError(err: unknown, where: string): SubmitError {
  const e = err as NodeJS.ErrnoException & { response?: string; responseCode?: number };
  if (e.responseCode) {
    const temporary = e.responseCode >= 400 && e.responseCode < 500;
    return new SubmitError(`mailsink at ${where} refused the message: ${e.response ?? e.message}`, true, temporary);
  }
  const temporary = CONNECTION_ERRORS.includes(e.code ?? '');
  return new SubmitError(`cannot hand the message to mailsink at ${where}: ${e.message}`, false, temporary);
}
