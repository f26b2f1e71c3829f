/**
 * One SMTP connection: reads the byte stream in one of three modes (command lines, DATA,
 * a BDAT chunk), answers commands in order, and hands each finished message to the sink.
 *
 * Input is processed synchronously chunk by chunk; replies are gathered and written once per
 * chunk (PIPELINING costs no extra writes). While the sink stores a message, input is held (the
 * socket is paused and unread bytes stay queued), so pipelined commands are answered after the
 * message's reply, in order.
 *
 * STARTTLS (RFC 3207) swaps the socket for a TLS socket through `bind()` and starts the session
 * over; AUTH (RFC 4954) runs a SASL exchange whose response lines bypass command parsing. Every
 * stage asks the fault policy first (a delay holds input like a message being stored does), and
 * the dialogue is kept in a bounded transcript handed over with each message.
 */
import type net from 'node:net';
import tls from 'node:tls';
import type { Envelope, EnvelopePath } from '../envelope.js';
import { randomToken } from '../random-token.js';
import type { SmtpErrorEvent } from '../events.js';
import type { FaultContext, FaultDecision, FaultPolicy } from '../faults/index.js';
import type { Logger } from '../log.js';
import { parsePath } from './address.js';
import type { ByteBudget } from './byte-budget.js';
import { parseCommandLine } from './command-line.js';
import { DotDecoder } from './dot-decoder.js';
import { checkMailParams, checkRcptParams, parseParams } from './esmtp-params.js';
import { LineReader } from './line-reader.js';
import { MessageBody, type BodyProblem } from './message-body.js';
import type { MessageSink } from './options.js';
import { protocolName } from './protocol-name.js';
import { receivedHeader } from './received-header.js';
import { faultReply, multiline, replies, type Reply } from './replies.js';
import { isMechanism, MECHANISMS, SaslExchange, verifyCredentials, type SaslStep } from './sasl.js';
import { normalizeAddress } from './socket-address.js';
import { Transcript } from './transcript.js';

/** RFC 5321 4.5.3.1.4: 512 octets with CRLF for a command line. */
const COMMAND_LINE_MAX = 512;
/** MAIL and RCPT carry ESMTP parameters (SIZE, BODY, SMTPUTF8, RET, ENVID, NOTIFY, ORCPT with up
 *  to 500 characters): 2,048 octets more than a plain command. */
const PATH_COMMAND_LINE_MAX = COMMAND_LINE_MAX + 2048;
/** RFC 4954 4: AUTH command and response lines may be up to 12,288 octets with CRLF. */
const AUTH_LINE_MAX = 12_288;
/** A fault policy's delay is capped so that a mistaken rule cannot hold a session for ever. */
const MAX_FAULT_DELAY_MS = 10 * 60_000;
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
  /** STARTTLS is offered when set (and the connection is not TLS already). */
  tls: { context: tls.SecureContext; required: boolean } | null;
  /** AUTH is offered when set; `users` null accepts any credentials. */
  auth: { users: ReadonlyMap<string, string> | null; required: boolean } | null;
  faults: FaultPolicy | undefined;
  /** 0 = unlimited; past it: 552 5.3.4 after the data. */
  maxHeaderLines: number;
  /** 0 = unlimited; past it: 552 5.3.4 after the data. */
  maxHeaderBytes: number;
  /** Bytes of unfinished messages all sessions may hold; past it: 452 4.3.1. */
  budget: ByteBudget;
  transcriptMaxBytes: number;
  /**
   * The listener's own address and port when it is bound to one address: every connection's
   * local end is then known without asking the socket (a system call per connection).
   */
  listening: { address: string; port: number } | null;
}

type StageContext = Omit<FaultContext, 'clientAddress'>;

type Mode = 'command' | 'data' | 'chunk' | 'closed';

interface Transaction {
  mailFrom: EnvelopePath;
  rcptTo: EnvelopePath[];
  smtputf8: boolean;
  binary: boolean;
  /** Set by DATA or the first BDAT. */
  body: MessageBody | null;
  bdat: boolean;
  problemReported: boolean;
}

interface Chunk {
  left: number;
  size: number;
  last: boolean;
  /** A rejected BDAT's bytes are read and dropped, then this is the reply. */
  error: Reply | null;
}

export class SmtpSession {
  readonly id = randomToken(8);
  private socket!: net.Socket;
  private readonly log: Logger;
  private readonly debug: boolean;
  private readonly clientAddress: string;
  private readonly clientPort: number;
  private readonly serverAddress: string;
  private readonly serverPort: number;

  private readonly lines = new LineReader(AUTH_LINE_MAX - 2);
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
  /** Between the 220 to STARTTLS and the end of the TLS handshake. */
  private upgrading = false;
  private sasl: SaslExchange | null = null;
  private readonly transcript: Transcript;

  private greeting: 'HELO' | 'EHLO' | null = null;
  private helo = '';
  /** Set by STARTTLS / implicit TLS; feeds the envelope and the protocol name. */
  private tls: Envelope['tls'] = null;
  /** Set by AUTH; feeds the envelope and the protocol name. */
  private auth: Envelope['auth'] = null;
  private tx: Transaction | null = null;
  private chunk: Chunk | null = null;

  private readonly addPiece = (piece: Buffer): void => this.tx!.body!.add(piece);
  private readonly handlers = {
    data: (chunk: Buffer) => this.onData(chunk),
    end: () => this.onPeerEnd(),
    timeout: () => this.onTimeout(),
    error: (err: NodeJS.ErrnoException) => this.onError(err),
    close: () => this.onClose(),
  };

  constructor(
    socket: net.Socket,
    private readonly config: SessionConfig,
    private readonly onClosed: (session: SmtpSession) => void,
  ) {
    this.clientAddress = normalizeAddress(socket.remoteAddress);
    this.clientPort = socket.remotePort ?? 0;
    this.serverAddress = config.listening?.address ?? normalizeAddress(socket.localAddress);
    this.serverPort = config.listening?.port ?? socket.localPort ?? 0;
    this.log = config.log.child({ session: this.id, client: `${this.clientAddress}:${this.clientPort}` });
    this.debug = this.log.isLevelEnabled('debug');
    this.transcript = new Transcript(config.transcriptMaxBytes);
    if (socket instanceof tls.TLSSocket) this.tls = tlsState(socket);
    this.bind(socket);
    this.log.debug('connected');
    // No delay before the greeting and no reverse-DNS lookup: a client opening one connection
    // per message must not pay for either.
    this.withFaults({ stage: 'connect' }, () => this.reply(replies.greeting(config.hostname)));
    if (this.mode !== 'closed') this.setTimeout(this.waiting ? 0 : config.idleTimeoutMs);
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
    for (const [event, handler] of Object.entries(this.handlers)) socket.on(event, handler);
  }

  private unbind(socket: net.Socket): void {
    for (const [event, handler] of Object.entries(this.handlers)) socket.off(event, handler);
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
    if (this.sasl) return this.onSaslLine(line);
    if (line === null) {
      this.transcript.client('[a command line over the length limit]');
      this.reply(replies.lineTooLong);
      return;
    }
    const command = parseCommandLine(line);
    if (!command.ok) {
      this.transcript.client('[an unreadable command line]');
      this.reply(replies.badCommandBytes(command.reason));
      return;
    }
    const { verb, arg } = command;
    if (this.debug) this.log.debug({ verb }, verb === 'AUTH' ? 'AUTH' : line.length > 200 ? `${line.toString('utf8', 0, 200)}…` : line.toString('utf8'));
    if (verb === 'MAIL') this.transcript.endPrologue();
    this.transcript.client(verb === 'AUTH' ? maskAuth(arg) : arg ? `${verb} ${arg}` : verb);
    const limit = verb === 'MAIL' || verb === 'RCPT' ? PATH_COMMAND_LINE_MAX : verb === 'AUTH' ? AUTH_LINE_MAX : COMMAND_LINE_MAX;
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
        this.discardTx();
        return this.reply(replies.ok);
      case 'STARTTLS':
        return this.startTls(arg);
      case 'AUTH':
        return this.authenticate(arg);
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
        return this.reply(replies.notImplemented);
      default:
        return this.reply(replies.unknownCommand);
    }
  }

  private extensions(): string[] {
    const size = this.config.maxMessageSize > 0 ? `SIZE ${this.config.maxMessageSize}` : 'SIZE';
    const list = ['PIPELINING', '8BITMIME', 'SMTPUTF8', 'ENHANCEDSTATUSCODES', size, 'CHUNKING', 'BINARYMIME', 'DSN'];
    if (this.config.tls && !this.tls) list.push('STARTTLS');
    if (this.authOffered()) list.push(`AUTH ${MECHANISMS.join(' ')}`);
    list.push('HELP');
    return list;
  }

  private hello(verb: 'HELO' | 'EHLO', arg: string): void {
    if (!arg) return this.reply(replies.syntax(`${verb} <domain>`));
    this.withFaults({ stage: 'helo', helo: arg }, () => {
      this.greeting = verb;
      this.helo = arg;
      this.discardTx();
      this.reply(verb === 'HELO' ? replies.helo(this.config.hostname) : multiline(250, [this.config.hostname, ...this.extensions()]));
    });
  }

  // ---- STARTTLS and AUTH ---------------------------------------------------------------------

  /** AUTH is advertised: configured, and not held back until STARTTLS. */
  private authOffered(): boolean {
    return Boolean(this.config.auth) && (this.tls !== null || !this.config.tls?.required);
  }

  private startTls(arg: string): void {
    const config = this.config.tls;
    if (!config) return this.reply(replies.notImplemented);
    if (arg) return this.reply(replies.syntax('STARTTLS'));
    if (this.tls) return this.reply(replies.alreadyTls);
    // RFC 3207 4.2: whatever the client pipelined after STARTTLS is discarded, not answered.
    const raw = this.socket;
    this.upgrading = true;
    this.waiting = true;
    this.queue = [];
    this.unbind(raw);
    raw.on('error', () => {});
    raw.setTimeout(0);
    this.transcript.server(replies.startTls);
    const text = `${this.out}${replies.startTls}\r\n`;
    this.out = '';
    raw.write(text, (err) => (err ? raw.destroy() : this.guarded(() => this.upgrade(raw, config.context))));
  }

  private upgrade(raw: net.Socket, context: tls.SecureContext): void {
    const secure = new tls.TLSSocket(raw, { isServer: true, secureContext: context });
    this.bind(secure);
    this.reading = true;
    this.writeBlocked = false;
    this.timeoutMs = -1;
    this.setTimeout(this.config.idleTimeoutMs);
    secure.once('secure', () =>
      this.guarded(() => {
        if (this.mode === 'closed') return;
        // RFC 3207 4.2: the session starts over; nothing learned before TLS is kept.
        this.tls = tlsState(secure);
        this.greeting = null;
        this.helo = '';
        this.auth = null;
        this.discardTx();
        this.upgrading = false;
        this.queueOffset = 0;
        this.log.debug({ tls: this.tls }, 'TLS started');
        this.resume();
      }),
    );
  }

  private authenticate(arg: string): void {
    const config = this.config.auth;
    if (!config) return this.reply(replies.notImplemented);
    if (!this.greeting) return this.reply(replies.needHelo);
    if (this.auth) return this.reply(replies.alreadyAuthenticated);
    if (this.tx) return this.reply(replies.authInTransaction);
    if (this.config.tls?.required && !this.tls) return this.reply(replies.needTls);
    const m = /^([A-Za-z0-9_-]{1,20})(?: +([^ ]+))?$/.exec(arg);
    if (!m) return this.reply(replies.syntax('AUTH <mechanism> [initial-response]'));
    const mechanism = m[1]!.toUpperCase();
    if (!isMechanism(mechanism)) return this.reply(replies.badMechanism);
    this.sasl = new SaslExchange(mechanism, this.config.hostname);
    this.saslStep(this.sasl.start(m[2]));
  }

  private onSaslLine(line: Buffer | null): void {
    if (line === null || line.length + 2 > AUTH_LINE_MAX) {
      this.sasl = null;
      this.transcript.client('[a response over the length limit]');
      return this.reply(replies.lineTooLong);
    }
    const text = line.toString('latin1').trim();
    this.transcript.client(text === '*' ? '*' : '****');
    this.saslStep(this.sasl!.next(text));
  }

  private saslStep(step: SaslStep): void {
    if (step.kind === 'challenge') return this.reply(replies.authChallenge(step.challenge));
    const mechanism = this.sasl!.mechanism;
    this.sasl = null;
    if (step.kind === 'error') return this.reply(step.reply);
    const { username } = step.credentials;
    if (!verifyCredentials(this.config.auth!.users, step.credentials)) {
      this.log.info({ mechanism }, 'authentication failed');
      this.report('warn', 'auth', `authentication failed for user ${JSON.stringify(username.slice(0, 64))}`);
      return this.reply(replies.authFailed);
    }
    this.withFaults({ stage: 'auth', helo: this.helo, username }, () => {
      this.auth = { username, mechanism };
      this.log.debug({ mechanism, username }, 'authenticated');
      this.reply(replies.authOk);
    });
  }

  private mail(arg: string): void {
    if (!this.greeting) return this.reply(replies.needHelo);
    if (this.tx) return this.reply(replies.nestedMail);
    if (this.config.tls?.required && !this.tls) return this.reply(replies.needTls);
    if (this.config.auth?.required && !this.auth) return this.reply(replies.needAuth);
    const prefix = /^FROM: */i.exec(arg);
    if (!prefix) return this.reply(replies.syntax('MAIL FROM:<address> [parameters]'));
    const parsed = parsePath(arg.slice(prefix[0].length), 'reverse');
    if (!parsed.ok) return this.reply(replies.badSender(parsed.reason));
    const params = parseParams(parsed.path.rest);
    if (!params.ok) return this.reply(params.reply);
    const problem = checkMailParams(params.params, this.greeting === 'EHLO', this.config.maxMessageSize, this.authOffered());
    if (problem) {
      if (problem.startsWith('552')) this.reportTooBig();
      return this.reply(problem);
    }
    const smtputf8 = Object.hasOwn(params.params, 'SMTPUTF8');
    if (parsed.path.nonAscii && !smtputf8) return this.reply(replies.needSmtputf8);
    this.withFaults({ ...this.stageContext('mail'), mailFrom: parsed.path.address }, () => {
      this.tx = {
        mailFrom: { address: parsed.path.address, params: params.params },
        rcptTo: [],
        smtputf8,
        binary: params.params.BODY?.toUpperCase() === 'BINARYMIME',
        body: null,
        bdat: false,
        problemReported: false,
      };
      this.reply(replies.senderOk);
    });
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
    this.withFaults({ ...this.stageContext('rcpt'), mailFrom: tx.mailFrom.address, rcptTo: [parsed.path.address] }, () => {
      tx.rcptTo.push({ address: parsed.path.address, params: params.params });
      this.reply(replies.recipientOk);
    });
  }

  private data(arg: string): void {
    if (arg) return this.reply(replies.syntax('DATA'));
    const tx = this.tx;
    if (!tx) return this.reply(this.greeting ? replies.needMail : replies.needHelo);
    if (tx.rcptTo.length === 0) return this.reply(replies.needRcpt);
    if (tx.bdat) return this.reply(replies.dataAfterBdat);
    if (tx.binary) return this.reply(replies.binaryNeedsBdat);
    if (this.config.budget.exhausted) return this.refuseForMemory();
    this.withFaults(this.stageContext('data'), () => {
      if (this.tx !== tx) return; // the session was reset while a fault delayed it
      tx.body = this.newBody();
      this.dots.reset();
      this.setMode('data');
      this.reply(replies.startData);
    });
  }

  private bdat(arg: string): void {
    const m = /^(\d{1,15})(?: +(LAST))?$/i.exec(arg);
    // Without a valid size the chunk's end is unknowable: nothing is consumed.
    if (!m) return this.reply(replies.syntax('BDAT <size> [LAST]'));
    const size = Number(m[1]);
    const last = m[2] !== undefined;
    const tx = this.tx;
    if (!tx) return this.startChunk(size, last, this.greeting ? replies.needMail : replies.needHelo);
    if (tx.rcptTo.length === 0) return this.startChunk(size, last, replies.needRcpt);
    if (tx.body) return this.startChunk(size, last, null);
    if (this.config.budget.exhausted) {
      this.report('warn', 'memory', MEMORY_MESSAGE);
      return this.startChunk(size, last, replies.outOfMemoryBudget);
    }
    const decision = this.decide(this.stageContext('data'));
    const open = (): void => {
      tx.bdat = true;
      tx.body = this.newBody();
      this.startChunk(size, last, null);
    };
    // A refused first BDAT still has its chunk read (and dropped) before the reply.
    this.applyFault('data', decision, open, undefined, (reply) => this.startChunk(size, last, reply));
  }

  private startChunk(size: number, last: boolean, error: Reply | null): void {
    this.chunk = { left: size, size, last, error };
    this.setMode('chunk');
    if (size === 0) this.endOfChunk();
  }

  private newBody(): MessageBody {
    const { maxMessageSize: maxSize, maxHeaderLines: maxLines, maxHeaderBytes: maxBytes, budget } = this.config;
    return new MessageBody({ maxSize, maxLines, maxBytes, budget });
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
    this.transcript.client(`[${chunk.size} bytes of data]`);
    const problem = tx.body!.problem;
    if (problem) {
      this.refuseBody(tx, problem);
      if (chunk.last) this.discardTx();
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
    if (!tx.bdat) this.transcript.client(`[${body.size} bytes of data]`);
    if (!tx.bdat) this.transcript.client('.');
    // Handed over: the body's bytes go back to the budget once the sink has answered.
    this.tx = null;
    this.setMode('command');
    if (body.problem) {
      this.refuseBody(tx, body.problem);
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
    if (this.config.transcriptMaxBytes > 0) envelope.transcript = this.transcript.text();
    const header = receivedHeader({
      helo: this.helo,
      clientAddress: this.clientAddress,
      hostname: this.config.hostname,
      protocol,
      recipient: tx.rcptTo.length === 1 ? tx.rcptTo[0]!.address : undefined,
      date,
    });
    const data = [Buffer.from(header, 'utf8'), ...body.pieces];
    const context = { ...this.stageContext('message'), mailFrom: tx.mailFrom.address, rcptTo: tx.rcptTo.map((r) => r.address) };
    this.withFaults(
      context,
      () => this.store(envelope, data, body, tx),
      () => {
        body.release();
        this.transcript.clearTransaction();
      },
    );
  }

  private store(envelope: Envelope, data: Buffer[], body: MessageBody, tx: Transaction): void {
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
      .finally(() => body.release())
      .then(
        ({ id }) => {
          this.log.debug({ id, from: tx.mailFrom.address, rcpt: tx.rcptTo.length, size: body.size }, 'message accepted');
          this.reply(replies.queued(id));
        },
        (err: unknown) => {
          this.log.warn({ err }, 'the message could not be stored');
          this.report('error', 'storage', `a message could not be stored: ${err instanceof Error ? err.message : String(err)}`);
          this.reply(replies.storageFailed);
        },
      )
      .then(() => this.transcript.clearTransaction())
      .then(() => this.guarded(() => this.resume()))
      .catch((err: unknown) => this.log.error({ err }, 'internal error after storing a message'));
  }

  /** Input was held (a message being stored, a fault delay, a TLS handshake): take it up again. */
  private resume(): void {
    this.waiting = false;
    if (this.mode === 'closed') {
      this.out = '';
      return;
    }
    this.setMode(this.mode);
    this.closeIfShuttingDown();
    this.pump();
  }

  private discardTx(): void {
    this.tx?.body?.release();
    this.tx = null;
  }

  /** The reply (and, once per message, the error event) for a message whose data was refused. */
  private refuseBody(tx: Transaction, problem: BodyProblem): void {
    const { maxMessageSize, maxHeaderLines, maxHeaderBytes } = this.config;
    const [type, message, reply] =
      problem === 'size'
        ? ['size', `a message over the size limit of ${maxMessageSize} bytes was refused`, replies.messageTooBig(maxMessageSize)]
        : problem === 'header-lines'
          ? ['headers', `a message with more than ${maxHeaderLines} header lines was refused`, replies.tooManyHeaderLines(maxHeaderLines)]
          : problem === 'header-bytes'
            ? ['headers', `a message with a header section over ${maxHeaderBytes} bytes was refused`, replies.headerTooBig(maxHeaderBytes)]
            : ['memory', MEMORY_MESSAGE, replies.outOfMemoryBudget];
    if (!tx.problemReported) {
      tx.problemReported = true;
      this.report('warn', type, message);
    }
    this.reply(reply);
  }

  private refuseForMemory(): void {
    this.report('warn', 'memory', MEMORY_MESSAGE);
    this.reply(replies.outOfMemoryBudget);
  }

  private reportTooBig(): void {
    this.report('warn', 'size', `a message over the size limit of ${this.config.maxMessageSize} bytes was refused`);
  }

  // ---- fault injection -----------------------------------------------------------------------

  private stageContext(stage: FaultContext['stage']): StageContext {
    const context: StageContext = { stage };
    if (this.helo) context.helo = this.helo;
    if (this.auth) context.username = this.auth.username;
    return context;
  }

  private decide(context: StageContext): FaultDecision | undefined {
    if (!this.config.faults) return undefined;
    try {
      return this.config.faults.decide({ ...context, clientAddress: this.clientAddress });
    } catch (err) {
      this.log.warn({ err }, 'the fault policy failed; behaving normally');
      return undefined;
    }
  }

  /** Asks the fault policy about this stage; runs `proceed` unless it says to answer or drop. */
  private withFaults(context: StageContext, proceed: () => void, refused?: () => void): void {
    this.applyFault(context.stage, this.decide(context), proceed, refused);
  }

  /**
   * Applies a decision: waits its delay (holding this session's input only), then sends its
   * reply instead of the normal one (`answer`, when given, sends it in a stage's own way), drops
   * the connection, or proceeds. `refused` runs when the normal path will not.
   */
  private applyFault(
    stage: FaultContext['stage'],
    decision: FaultDecision | undefined,
    proceed: () => void,
    refused?: () => void,
    answer?: (reply: Reply) => void,
  ): void {
    if (!decision || (!(Number(decision.delayMs) > 0) && !decision.reply && !decision.drop)) return proceed();
    const act = (): void => {
      if (!decision.drop && !decision.reply) return proceed();
      refused?.();
      const reply = decision.reply ? faultReply(decision.reply) : null;
      const what = reply ? `answered "${reply}"` : 'dropped the connection';
      this.log.info({ stage, source: decision.source }, `fault injected: ${what}`);
      this.report('warn', 'fault', `fault injected at ${stage}${decision.source ? ` by ${decision.source}` : ''}: ${what}`);
      if (!reply) return this.drop();
      if (answer) return answer(reply);
      this.reply(reply);
      if (stage === 'connect') this.end();
    };
    const delay = Number(decision.delayMs);
    if (!(delay > 0)) return act();
    this.waiting = true;
    this.setTimeout(0);
    this.flush();
    setTimeout(
      () =>
        this.guarded(() => {
          if (this.mode === 'closed') return refused?.();
          this.waiting = false;
          act();
          if (!this.waiting) this.resume();
        }),
      Math.min(delay, MAX_FAULT_DELAY_MS),
    ).unref();
  }

  /** Closes the connection without a word. */
  private drop(): void {
    this.discardTx();
    this.queue = [];
    this.setMode('closed');
    this.socket.destroy();
  }

  // ---- output, flow and lifecycle ------------------------------------------------------------

  private reply(reply: Reply): void {
    this.transcript.server(reply);
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
    this.discardTx();
    this.sasl = null;
    this.chunk = null;
    this.queue = [];
    this.setMode('closed');
    this.updateFlow();
    this.socket.end();
    this.lingerTimer = setTimeout(() => this.socket.destroy(), LINGER_MS);
    this.lingerTimer.unref();
  }

  private onTimeout(): void {
    if (this.mode === 'closed' || this.upgrading) {
      if (this.upgrading) this.log.info('TLS handshake timeout');
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
    else if (this.upgrading) this.log.info({ code: err.code, reason: err.message }, 'TLS handshake failed');
    else this.log.warn({ err }, 'socket error');
  }

  private onClose(): void {
    clearTimeout(this.lingerTimer);
    if (this.mode !== 'closed' && this.inMessage()) this.log.info('connection lost in the middle of a message: it is discarded');
    this.mode = 'closed';
    this.discardTx();
    this.sasl = null;
    this.chunk = null;
    this.queue = [];
    this.log.debug('disconnected');
    this.onClosed(this);
  }

  private report(level: SmtpErrorEvent['Level'], type: string, message: string): void {
    this.config.report({ Level: level, Type: type, IP: this.clientAddress, Message: message });
  }
}

const MEMORY_MESSAGE = 'a message was refused: the memory budget for messages being received is used up';

function tlsState(socket: tls.TLSSocket): Envelope['tls'] {
  return { protocol: socket.getProtocol() ?? 'unknown', cipher: socket.getCipher()?.name ?? 'unknown' };
}

/** The AUTH line for the transcript: the mechanism, never the initial response. */
function maskAuth(arg: string): string {
  const [mechanism, initial] = arg.split(' ', 2);
  return `AUTH ${mechanism ?? ''}${initial ? ' ****' : ''}`.trimEnd();
}
