/**
 * One SMTP client connection over a raw socket: EHLO, then transactions. With PIPELINING the
 * envelope and DATA go in one write; the message counts only once its final 250 is read.
 */
import net from 'node:net';
import { ReplyReader, type Reply } from './reply-reader.js';

export interface OutgoingMessage {
  from: string;
  to: string[];
  /** The message, dot-stuffed, ending in CRLF (the terminating ".\r\n" is added here). */
  data: Buffer;
}

export class SmtpReplyError extends Error {
  constructor(
    readonly stage: string,
    readonly reply: Reply,
  ) {
    super(`${stage}: server replied ${reply.lines.join(' / ')}`);
    this.name = 'SmtpReplyError';
  }
}

const IDLE_TIMEOUT_MS = 30_000;
const END_OF_DATA = Buffer.from('.\r\n');

export class SmtpConnection {
  private constructor(
    private readonly socket: net.Socket,
    private readonly replies: ReplyReader,
    /** Whether the server advertised PIPELINING in its EHLO reply. */
    readonly pipelining: boolean,
  ) {}

  /** Connects, reads the greeting and sends EHLO. */
  static async open(port: number, host = '127.0.0.1'): Promise<SmtpConnection> {
    const replies = new ReplyReader();
    const socket = net.connect({ port, host, noDelay: true });
    socket.on('data', (chunk: Buffer) => replies.push(chunk));
    socket.on('error', (err) => replies.fail(err));
    socket.on('close', () => replies.fail(new Error('connection closed by the server')));
    socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy(new Error(`no reply for ${IDLE_TIMEOUT_MS / 1000}s`)));
    try {
      expect(await replies.next(), 220, 'greeting');
      socket.write('EHLO bench.test\r\n');
      const ehlo = expect(await replies.next(), 250, 'EHLO');
      const pipelining = ehlo.lines.some((line) => /^250[ -]PIPELINING\b/i.test(line));
      return new SmtpConnection(socket, replies, pipelining);
    } catch (err) {
      socket.destroy();
      throw err;
    }
  }

  /** Sends one message; resolves with the final reply (a 250) to the end of data. */
  async send(message: OutgoingMessage): Promise<Reply> {
    const commands = [`MAIL FROM:<${message.from}>`, ...message.to.map((to) => `RCPT TO:<${to}>`), 'DATA'];
    if (this.pipelining) {
      this.socket.write(commands.map((c) => `${c}\r\n`).join(''));
      // Read every reply before judging, so that none is left for the next transaction.
      const replies: Reply[] = [];
      for (let i = 0; i < commands.length; i++) replies.push(await this.replies.next());
      replies.forEach((reply, i) => expect(reply, i === commands.length - 1 ? 354 : 250, commands[i]!));
    } else {
      for (const [i, command] of commands.entries()) {
        this.socket.write(`${command}\r\n`);
        expect(await this.replies.next(), i === commands.length - 1 ? 354 : 250, command);
      }
    }
    this.socket.cork();
    this.socket.write(message.data);
    this.socket.write(END_OF_DATA);
    this.socket.uncork();
    return expect(await this.replies.next(), 250, 'end of data');
  }

  /** QUIT, wait for the 221 (or the close), then close. */
  async quit(): Promise<void> {
    this.socket.write('QUIT\r\n');
    try {
      await this.replies.next();
    } catch {
      // The server may close right after 221; either way the session is over.
    }
    this.socket.destroy();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

function expect(reply: Reply, code: number, stage: string): Reply {
  if (reply.code !== code) throw new SmtpReplyError(stage, reply);
  return reply;
}

/** The ID from a "250 2.0.0 Ok: queued as <ID>" reply, if the server gives one. */
export function queuedId(reply: Reply): string | undefined {
  return /queued as (\S+)/i.exec(reply.lines[reply.lines.length - 1] ?? '')?.[1];
}
