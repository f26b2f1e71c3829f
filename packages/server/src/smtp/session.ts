/**
 * One SMTP connection: reads the byte stream in one of three modes (command lines, DATA,
 * a BDAT chunk), answers commands in order, and hands each finished message to the sink.
 *
 * Input is processed synchronously chunk by chunk; replies are gathered and written once per
 * chunk (PIPELINING costs no extra writes). While the sink stores a message, input is held (the
 * socket is paused and unread bytes stay queued), so pipelined commands are answered after the
 * message's reply, in order.
 *
 * STARTTLS and AUTH come later: `tls` and `auth` already feed the envelope and the protocol name,
 * `extensions()` is where they get advertised, and the socket is bound through `bind()` so that a
 * TLS socket can replace it.
 */
import { randomBytes } from 'node:crypto';
import type net from 'node:net';
import type { Envelope, EnvelopePath } from '../envelope.js';
import type { SmtpErrorEvent } from '../events.js';
import type { Logger } from '../log.js';
import { parsePath } from './address.js';
import { parseCommandLine } from './command-line.js';
import { DotDecoder } from './dot-decoder.js';
import { checkMailParams, checkRcptParams, parseParams } from './esmtp-params.js';
import { LineReader } from './line-reader.js';
import { MessageBody } from './message-body.js';
import type { MessageSink } from './options.js';
import { protocolName } from './protocol-name.js';
import { receivedHeader } from './received-header.js';
import { multiline, replies, type Reply } from './replies.js';

/** RFC 5321 4.5.3.1.4: 512 octets with CRLF for a command line. */
const COMMAND_LINE_MAX = 512;
/** MAIL and RCPT carry ESMTP parameters (SIZE, BODY, SMTPUTF8, RET, ENVID, NOTIFY, ORCPT with up
 *  to 500 characters): 2,048 octets more than a plain command. */
const PATH_COMMAND_LINE_MAX = COMMAND_LINE_MAX + 2048;
/** How long a closed session waits for the client to close its side before dropping it. */
const LINGER_MS = 2000;

export interface SessionConfig {
  hostname: string;
  maxMessageSize: number;
  maxRecipients: number;
  idleTimeoutMs: number;
  dataTimeoutMs: number;
  sink: MessageSink;
  log: Logger;
  report: (event: SmtpErrorEvent) => void;
}

type Mode = 'command' | 'data' | 'chunk' | 'closed';

interface Transaction {
  mailFrom: EnvelopePath;
  rcptTo: EnvelopePath[];
  smtputf8: boolean;
  binary: boolean;
  /** Set by DATA or the first BDAT. */
  body: MessageBody | null;
  bdat: boolean;
  sizeReported: boolean;
}

interface Chunk {
  left: number;
  size: number;
  last: boolean;
  /** A rejected BDAT's bytes are read and dropped, then this is the reply. */
  error: Reply | null;
}

export class SmtpSession {
  readonly id = randomBytes(6).toString('base64url');
  private socket!: net.Socket;
  private readonly log: Logger;
  private readonly debug: boolean;
  private readonly clientAddress: string;
  private readonly clientPort: number;
  private readonly serverAddress: string;
  private readonly serverPort: number;

  private readonly lines = new LineReader(PATH_COMMAND_LINE_MAX - 2);
  private readonly dots = new DotDecoder();
  private queue: Buffer[] = [];
  private queueOffset = 0;
  private out = '';

  private mode: Mode = 'command';
  /** The sink is storing a message: input is held until it answers. */
  private waiting = false;
  private writeBlocked = false;
  private reading = true;
  private peerEnded = false;
  private closing = false;
  private timeoutMs = -1;
  private lingerTimer: NodeJS.Timeout | undefined;

  private greeting: 'HELO' | 'EHLO' | null = null;
  private helo = '';
  /** Set by STARTTLS / implicit TLS (a later task); feeds the envelope and the protocol name. */
  private tls: Envelope['tls'] = null;
  /** Set by AUTH (a later task); feeds the envelope and the protocol name. */
  private auth: Envelope['auth'] = null;
  private tx: Transaction | null = null;
  private chunk: Chunk | null = null;

  private readonly addPiece = (piece: Buffer): void => this.tx!.body!.add(piece);

  constructor(
    socket: net.Socket,
    private readonly config: SessionConfig,
    private readonly onClosed: (session: SmtpSession) => void,
  ) {
    this.clientAddress = normalizeAddress(socket.remoteAddress ?? '');
    this.clientPort = socket.remotePort ?? 0;
    this.serverAddress = normalizeAddress(socket.localAddress ?? '');
    this.serverPort = socket.localPort ?? 0;
    this.log = config.log.child({ session: this.id, client: `${this.clientAddress}:${this.clientPort}` });
    this.debug = this.log.isLevelEnabled('debug');
    this.bind(socket);
    this.log.debug('connected');
    // No delay before the greeting and no reverse-DNS lookup: a client opening one connection
    // per message must not pay for either.
    this.reply(replies.greeting(config.hostname));
    this.setTimeout(config.idleTimeoutMs);
    this.flush();
  }

  /** Server shutdown: idle sessions get 421 now; one inside a message first finishes it. */
  shutdown(): void {
    this.closing = true;
    if (this.mode !== 'closed' && !this.inMessage()) this.end(replies.shuttingDown(this.config.hostname));
  }

  /** The shutdown grace is over: 421 and close, whatever the session is doing. */
  forceClose(): void {
    if (this.mode !== 'closed') {
      if (this.inMessage()) this.log.warn('closed by shutdown before the message was finished');
      this.end(replies.shuttingDown(this.config.hostname));
    }
  }

  private bind(socket: net.Socket): void {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onPeerEnd());
    socket.on('timeout', () => this.onTimeout());
    socket.on('error', (err: NodeJS.ErrnoException) => this.onError(err));
    socket.on('close', () => this.onClose());
  }

  // ---- input ---------------------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.mode === 'closed') return;
    this.queue.push(chunk);
    if (!this.waiting) this.guarded(() => this.pump());
  }

  /** A fault in this session's own handling must never take the server down: drop the session. */
  private guarded(step: () => void): void {
    try {
      step();
    } catch (err) {
      this.log.error({ err }, 'internal error in the SMTP session; closing it');
      this.mode = 'closed';
      this.socket.destroy();
    }
  }

  private pump(): void {
    while (!this.waiting && this.mode !== 'closed') {
      const chunk = this.queue[0];
      if (!chunk) break;
      if (this.queueOffset >= chunk.length) {
        this.queue.shift();
        this.queueOffset = 0;
        continue;
      }
      this.queueOffset = this.consume(chunk, this.queueOffset);
    }
    this.flush();
    if (this.peerEnded && this.queue.length === 0 && !this.waiting) this.finishAfterPeerEnd();
  }

  /** Consumes from chunk[from..] in the current mode; returns the offset reached. */
  private consume(chunk: Buffer, from: number): number {
    switch (this.mode) {
      case 'command': {
        const result = this.lines.next(chunk, from);
        if (!result) return chunk.length;
        this.onLine(result.line);
        return result.end;
      }
      case 'data': {
        const end = this.dots.feed(chunk, from, this.addPiece);
        if (end < 0) return chunk.length;
        this.finishMessage();
        return end;
      }
      case 'chunk': {
        const c = this.chunk!;
        const n = Math.min(c.left, chunk.length - from);
        if (c.error === null) this.tx!.body!.add(chunk.subarray(from, from + n));
        c.left -= n;
        if (c.left === 0) this.endOfChunk();
        return from + n;
      }
      case 'closed':
        return chunk.length;
    }
  }

  // ---- commands ------------------------------------------------------------------------------

  private onLine(line: Buffer | null): void {
    if (line === null) {
      this.reply(replies.lineTooLong);
      return;
    }
    const command = parseCommandLine(line);
    if (!command.ok) {
      this.reply(replies.badCommandBytes(command.reason));
      return;
    }
    const { verb, arg } = command;
    if (this.debug) this.log.debug({ verb }, line.length > 200 ? `${line.toString('utf8', 0, 200)}…` : line.toString('utf8'));
    const limit = verb === 'MAIL' || verb === 'RCPT' ? PATH_COMMAND_LINE_MAX : COMMAND_LINE_MAX;
    if (line.length + 2 > limit) this.reply(replies.lineTooLong);
    else this.dispatch(verb, arg);
    this.closeIfShuttingDown();
  }

  private dispatch(verb: string, arg: string): void {
    switch (verb) {
      case 'EHLO':
      case 'HELO':
        return this.hello(verb, arg);
      case 'MAIL':
        return this.mail(arg);
      case 'RCPT':
        return this.rcpt(arg);
      case 'DATA':
        return this.data(arg);
      case 'BDAT':
        return this.bdat(arg);
      case 'RSET':
        if (arg) return this.reply(replies.syntax('RSET'));
        this.tx = null;
        return this.reply(replies.ok);
      case 'NOOP':
        return this.reply(replies.ok);
      case 'QUIT':
        return this.end(replies.bye(this.config.hostname));
      case 'VRFY':
        return this.reply(arg ? replies.vrfy : replies.syntax('VRFY <address>'));
      case 'HELP':
        return this.reply(replies.help);
      case 'EXPN':
      case 'TURN':
      case 'ETRN':
      case 'ATRN':
      case 'SEND':
      case 'SOML':
      case 'SAML':
      case 'VERB':
      case 'STARTTLS':
      case 'AUTH':
        return this.reply(replies.notImplemented);
      default:
        return this.reply(replies.unknownCommand);
    }
  }

  private extensions(): string[] {
    const size = this.config.maxMessageSize > 0 ? `SIZE ${this.config.maxMessageSize}` : 'SIZE';
    return ['PIPELINING', '8BITMIME', 'SMTPUTF8', 'ENHANCEDSTATUSCODES', size, 'CHUNKING', 'BINARYMIME', 'DSN', 'HELP'];
  }

  private hello(verb: 'HELO' | 'EHLO', arg: string): void {
    if (!arg) return this.reply(replies.syntax(`${verb} <domain>`));
    this.greeting = verb;
    this.helo = arg;
    this.tx = null;
    this.reply(verb === 'HELO' ? replies.helo(this.config.hostname) : multiline(250, [this.config.hostname, ...this.extensions()]));
  }

  private mail(arg: string): void {
    if (!this.greeting) return this.reply(replies.needHelo);
    if (this.tx) return this.reply(replies.nestedMail);
    const prefix = /^FROM: */i.exec(arg);
    if (!prefix) return this.reply(replies.syntax('MAIL FROM:<address> [parameters]'));
    const parsed = parsePath(arg.slice(prefix[0].length), 'reverse');
    if (!parsed.ok) return this.reply(replies.badSender(parsed.reason));
    const params = parseParams(parsed.path.rest);
    if (!params.ok) return this.reply(params.reply);
    const problem = checkMailParams(params.params, this.greeting === 'EHLO', this.config.maxMessageSize);
    if (problem) {
      if (problem.startsWith('552')) this.reportTooBig();
      return this.reply(problem);
    }
    const smtputf8 = Object.hasOwn(params.params, 'SMTPUTF8');
    if (parsed.path.nonAscii && !smtputf8) return this.reply(replies.needSmtputf8);
    this.tx = {
      mailFrom: { address: parsed.path.address, params: params.params },
      rcptTo: [],
      smtputf8,
      binary: params.params.BODY?.toUpperCase() === 'BINARYMIME',
      body: null,
      bdat: false,
      sizeReported: false,
    };
    this.reply(replies.senderOk);
  }

  private rcpt(arg: string): void {
    const tx = this.tx;
    if (!tx) return this.reply(this.greeting ? replies.needMail : replies.needHelo);
    if (tx.bdat) return this.reply(replies.rcptAfterBdat);
    const prefix = /^TO: */i.exec(arg);
    if (!prefix) return this.reply(replies.syntax('RCPT TO:<address> [parameters]'));
    const parsed = parsePath(arg.slice(prefix[0].length), 'forward');
    if (!parsed.ok) return this.reply(replies.badRecipient(parsed.reason));
    const params = parseParams(parsed.path.rest);
    if (!params.ok) return this.reply(params.reply);
    const problem = checkRcptParams(params.params, this.greeting === 'EHLO');
    if (problem) return this.reply(problem);
    if (parsed.path.nonAscii && !tx.smtputf8) return this.reply(replies.needSmtputf8);
    const max = this.config.maxRecipients;
    if (max > 0 && tx.rcptTo.length >= max) {
      if (tx.rcptTo.length === max) this.report('warn', 'recipients', `more than ${max} recipients in one message: the rest were refused`);
      return this.reply(replies.tooManyRecipients);
    }
    tx.rcptTo.push({ address: parsed.path.address, params: params.params });
    this.reply(replies.recipientOk);
  }

  private data(arg: string): void {
    if (arg) return this.reply(replies.syntax('DATA'));
    const tx = this.tx;
    if (!tx) return this.reply(this.greeting ? replies.needMail : replies.needHelo);
    if (tx.rcptTo.length === 0) return this.reply(replies.needRcpt);
    if (tx.bdat) return this.reply(replies.dataAfterBdat);
    if (tx.binary) return this.reply(replies.binaryNeedsBdat);
    tx.body = new MessageBody(this.config.maxMessageSize);
    this.dots.reset();
    this.setMode('data');
    this.reply(replies.startData);
  }

  private bdat(arg: string): void {
    const m = /^(\d{1,15})(?: +(LAST))?$/i.exec(arg);
    // Without a valid size the chunk's end is unknowable: nothing is consumed.
    if (!m) return this.reply(replies.syntax('BDAT <size> [LAST]'));
    const size = Number(m[1]);
    const tx = this.tx;
    let error: Reply | null = null;
    if (!tx) error = this.greeting ? replies.needMail : replies.needHelo;
    else if (tx.rcptTo.length === 0) error = replies.needRcpt;
    else {
      tx.bdat = true;
      tx.body ??= new MessageBody(this.config.maxMessageSize);
    }
    this.chunk = { left: size, size, last: m[2] !== undefined, error };
    this.setMode('chunk');
    if (size === 0) this.endOfChunk();
  }

  private endOfChunk(): void {
    const chunk = this.chunk!;
    this.chunk = null;
    this.setMode('command');
    if (chunk.error !== null) {
      this.reply(chunk.error);
      this.closeIfShuttingDown();
      return;
    }
    const tx = this.tx!;
    if (tx.body!.overflow) {
      this.reportTooBig(tx);
      this.reply(replies.messageTooBig(this.config.maxMessageSize));
      if (chunk.last) this.tx = null;
      this.closeIfShuttingDown();
      return;
    }
    if (chunk.last) this.finishMessage();
    else this.reply(replies.chunkReceived(chunk.size));
  }

  // ---- end of a message ----------------------------------------------------------------------

  private finishMessage(): void {
    const tx = this.tx!;
    const body = tx.body!;
    this.tx = null;
    this.setMode('command');
    if (body.overflow) {
      this.reportTooBig(tx);
      this.reply(replies.messageTooBig(this.config.maxMessageSize));
      this.closeIfShuttingDown();
      return;
    }
    const date = new Date();
    const protocol = protocolName({
      greeting: this.greeting!,
      smtputf8: tx.smtputf8,
      tls: this.tls !== null,
      auth: this.auth !== null,
    });
    const envelope: Envelope = {
      mailFrom: tx.mailFrom,
      rcptTo: tx.rcptTo,
      helo: this.helo,
      greeting: this.greeting!,
      client: { address: this.clientAddress, port: this.clientPort },
      server: { address: this.serverAddress, port: this.serverPort, hostname: this.config.hostname },
      protocol,
      tls: this.tls,
      auth: this.auth,
      receivedAt: date.toISOString(),
      sessionId: this.id,
    };
    const header = receivedHeader({
      helo: this.helo,
      clientAddress: this.clientAddress,
      hostname: this.config.hostname,
      protocol,
      recipient: tx.rcptTo.length === 1 ? tx.rcptTo[0]!.address : undefined,
      date,
    });
    const data = [Buffer.from(header, 'utf8'), ...body.pieces];

    this.waiting = true;
    this.setTimeout(0);
    this.flush();
    let stored: Promise<{ id: string }>;
    try {
      stored = this.config.sink.accept(envelope, data);
    } catch (err) {
      stored = Promise.reject(err);
    }
    stored
      .then(
        ({ id }) => {
          this.log.info({ id, from: tx.mailFrom.address, rcpt: tx.rcptTo.length, size: body.size }, 'message accepted');
          this.reply(replies.queued(id));
        },
        (err: unknown) => {
          this.log.warn({ err }, 'the message could not be stored');
          this.report('error', 'storage', `a message could not be stored: ${err instanceof Error ? err.message : String(err)}`);
          this.reply(replies.storageFailed);
        },
      )
      .then(() => this.guarded(() => this.resumeAfterMessage()))
      .catch((err: unknown) => this.log.error({ err }, 'internal error after storing a message'));
  }

  private resumeAfterMessage(): void {
    this.waiting = false;
    if (this.mode === 'closed') {
      this.out = '';
      return;
    }
    this.setTimeout(this.config.idleTimeoutMs);
    this.closeIfShuttingDown();
    this.pump();
  }

  private reportTooBig(tx?: Transaction): void {
    if (tx?.sizeReported) return;
    if (tx) tx.sizeReported = true;
    this.report('warn', 'size', `a message over the size limit of ${this.config.maxMessageSize} bytes was refused`);
  }

  // ---- output, flow and lifecycle ------------------------------------------------------------

  private reply(reply: Reply): void {
    this.out += `${reply}\r\n`;
  }

  private flush(): void {
    if (this.out.length > 0) {
      const text = this.out;
      this.out = '';
      if (this.socket.writable && !this.socket.write(text) && !this.writeBlocked) {
        this.writeBlocked = true;
        this.socket.once('drain', () => {
          this.writeBlocked = false;
          this.updateFlow();
        });
      }
    }
    this.updateFlow();
  }

  /** Reads only while replies can be written and no message is being stored. */
  private updateFlow(): void {
    const read = this.mode === 'closed' || (!this.waiting && !this.writeBlocked);
    if (read === this.reading) return;
    this.reading = read;
    if (read) this.socket.resume();
    else this.socket.pause();
  }

  private setMode(mode: Mode): void {
    this.mode = mode;
    if (mode === 'command') this.setTimeout(this.config.idleTimeoutMs);
    else if (mode === 'closed') this.setTimeout(0);
    else this.setTimeout(this.config.dataTimeoutMs);
  }

  private setTimeout(ms: number): void {
    if (ms === this.timeoutMs) return;
    this.timeoutMs = ms;
    this.socket.setTimeout(ms);
  }

  private inMessage(): boolean {
    return this.mode === 'data' || this.mode === 'chunk' || this.waiting || (this.tx?.bdat ?? false);
  }

  private closeIfShuttingDown(): void {
    if (this.closing && this.mode === 'command' && !this.inMessage()) this.end(replies.shuttingDown(this.config.hostname));
  }

  /** Sends a last reply (if any) and closes our side; the client's side is given LINGER_MS. */
  private end(last?: Reply): void {
    if (this.mode === 'closed') return;
    if (last) this.reply(last);
    this.flush();
    this.tx = null;
    this.chunk = null;
    this.queue = [];
    this.setMode('closed');
    this.updateFlow();
    this.socket.end();
    this.lingerTimer = setTimeout(() => this.socket.destroy(), LINGER_MS);
    this.lingerTimer.unref();
  }

  private onTimeout(): void {
    if (this.mode === 'closed') {
      this.socket.destroy();
      return;
    }
    if (this.waiting) return;
    const inMessage = this.inMessage();
    this.log.info(inMessage ? 'data timeout: the unfinished message is discarded' : 'idle timeout');
    this.end(replies.timeout(this.config.hostname));
  }

  private onPeerEnd(): void {
    this.peerEnded = true;
    if (!this.waiting) this.guarded(() => this.pump());
  }

  /** The client closed its side and everything it sent has been answered. */
  private finishAfterPeerEnd(): void {
    if (this.mode === 'closed') return;
    if (this.inMessage() || this.lines.holding) this.log.info('client closed the connection in the middle of a message or command');
    this.end();
  }

  private onError(err: NodeJS.ErrnoException): void {
    if (err.code === 'ECONNRESET' || err.code === 'EPIPE') this.log.debug({ code: err.code }, 'connection reset by client');
    else this.log.warn({ err }, 'socket error');
  }

  private onClose(): void {
    clearTimeout(this.lingerTimer);
    if (this.mode !== 'closed' && this.inMessage()) this.log.info('connection lost in the middle of a message: it is discarded');
    this.mode = 'closed';
    this.tx = null;
    this.chunk = null;
    this.queue = [];
    this.log.debug('disconnected');
    this.onClosed(this);
  }

  private report(level: SmtpErrorEvent['Level'], type: string, message: string): void {
    this.config.report({ Level: level, Type: type, IP: this.clientAddress, Message: message });
  }
}

/** `::ffff:127.0.0.1` (IPv4 on a dual-stack socket) is reported as `127.0.0.1`. */
function normalizeAddress(address: string): string {
  return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
}
