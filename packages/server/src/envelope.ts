/**
 * The SMTP envelope of one message: what the client said around the data, kept with the
 * message so the API and UI can show it (MAIL FROM, every RCPT including Bcc-only ones, HELO,
 * client address, TLS and AUTH state).
 */

/** A reverse- or forward-path with its ESMTP parameters (keys upper-cased; "" for a keyword without value). */
export interface EnvelopePath {
  /** The address exactly as the client sent it, without angle brackets or source route; "" for the null path `<>`. */
  address: string;
  params: Record<string, string>;
}

export interface Envelope {
  mailFrom: EnvelopePath;
  rcptTo: EnvelopePath[];
  /** The HELO/EHLO argument. */
  helo: string;
  /** 'HTTP' for a message injected through POST /api/v1/send. */
  greeting: 'HELO' | 'EHLO' | 'HTTP';
  client: { address: string; port: number };
  server: { address: string; port: number; hostname: string };
  /** The protocol named in the Received header's `with` clause (RFC 3848 / RFC 6531): SMTP, ESMTP, UTF8SMTP, ... */
  protocol: string;
  tls: { protocol: string; cipher: string } | null;
  auth: { username: string; mechanism: string } | null;
  /** When the final dot (or BDAT LAST) arrived, ISO 8601 with milliseconds. */
  receivedAt: string;
  /** The SMTP connection this message came through, for correlating with logs. */
  sessionId: string;
  /**
   * The SMTP dialogue that brought this message, `C: ` and `S: ` lines joined by LF: the session's
   * start (greeting, EHLO, STARTTLS, AUTH) and this transaction, with credentials masked, the data
   * replaced by `[N bytes of data]`, bounded to about 16 KiB. Absent for messages not received over SMTP.
   */
  transcript?: string;
}
