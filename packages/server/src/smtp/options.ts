import type { Envelope } from '../envelope.js';
import type { EventBus } from '../events.js';
import type { FaultPolicy } from '../faults/index.js';
import type { Logger } from '../log.js';

export interface MessageSink {
  /** Makes the message durable; resolves with the API ID once it is on disk. Rejects on failure. */
  accept(envelope: Envelope, data: Buffer[]): Promise<{ id: string }>;
}

export interface SmtpServerOptions {
  host: string;
  /** 0 = any free port (tests). */
  port: number;
  /** Our name in the greeting, EHLO reply and Received header. */
  hostname: string;
  /** Bytes, 0 = unlimited; advertised as SIZE. */
  maxMessageSize: number;
  /** 0 = unlimited; past it: 452 4.5.3. */
  maxRecipients: number;
  /** 0 = off; how long a session may wait for a command. */
  idleTimeoutMs: number;
  /** Default 10 min; how long a session may wait for data bytes inside DATA/BDAT. */
  dataTimeoutMs?: number;
  /** 0 = unlimited; over it: 421 4.7.0 then close. Counts connections still in their TLS handshake. */
  maxConnections: number;
  /** New connections per client address per minute; default 0 = unlimited; over it: 421 4.7.0 then close. */
  maxConnectionsPerMinute?: number;
  /** Header lines per message (up to the first empty line); default 1,000, 0 = unlimited; over it: 552 5.3.4. */
  maxHeaderLines?: number;
  /** Bytes of header per message; default 1 MiB, 0 = unlimited; over it: 552 5.3.4. */
  maxHeaderBytes?: number;
  /**
   * Bytes of unfinished messages all sessions of this listener may hold in memory at once;
   * default 0 = unlimited (then the bound is maxConnections x maxMessageSize). A message that
   * would pass it is read to its end without being kept and answered 452 4.3.1; DATA or BDAT
   * while it is used up is answered 452 4.3.1 at once.
   */
  maxInFlightBytes?: number;
  /** Keep each session's dialogue and hand it with each message (Envelope.transcript), bounded to this many bytes; default 0 = off (mailsink uses 16 KiB). */
  transcriptMaxBytes?: number;
  /** A PEM key and certificate: STARTTLS is offered (or, with implicitTls, every connection is TLS). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** RFC 8314 implicit TLS (port 465 semantics): the TLS handshake comes before the greeting. Needs `tls`. */
  implicitTls?: boolean;
  /** MAIL (and AUTH) before STARTTLS get 530 5.7.0. Needs `tls`. */
  requireTls?: boolean;
  /**
   * AUTH PLAIN LOGIN CRAM-MD5 is offered when set. Without `users` (or with an empty map) any
   * credentials are accepted; with them, they are checked (535 5.7.8). `required`: MAIL before
   * AUTH gets 530 5.7.0. Without this option AUTH is not offered (502).
   */
  auth?: { users?: ReadonlyMap<string, string>; required?: boolean };
  /** Consulted at each stage of each session (connect, helo, auth, mail, rcpt, data, message). */
  faults?: FaultPolicy;
  sink: MessageSink;
  log: Logger;
  /** Receives 'error' events (Mailpit's {Level,Type,IP,Message}) for rejections worth showing. */
  bus?: EventBus;
}

export interface SmtpServer {
  /** The real bound address and port. */
  readonly address: { host: string; port: number };
  readonly connectionCount: number;
  /**
   * Stop accepting; sessions inside DATA/BDAT get up to graceMs (default 10 s) to finish their
   * message (and get its 250), then every session gets `421 4.3.2 <hostname> Service shutting down`
   * (idle ones at once) and is closed. Resolves when every socket is closed.
   */
  close(graceMs?: number): Promise<void>;
}
