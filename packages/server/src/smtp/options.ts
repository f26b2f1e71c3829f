import type { Envelope } from '../envelope.js';
import type { EventBus } from '../events.js';
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
  /** 0 = unlimited; over it: 421 4.7.0 then close. */
  maxConnections: number;
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
