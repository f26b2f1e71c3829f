/**
 * A raw SMTP client for tests: writes bytes as given, reads complete (multi-line) replies in
 * order, and can move onto TLS (STARTTLS upgrade or an implicit-TLS connection).
 */
import net from 'node:net';
import tls from 'node:tls';

export interface Reply {
  code: number;
  /** Every line of the reply without the code and separator, e.g. ['mx.test', 'PIPELINING', ...]. */
  lines: string[];
  /** The whole reply as sent, lines joined with \n. */
  text: string;
}

export class RawClient {
  private buffer = '';
  private partial: string[] = [];
  private readonly replies: Reply[] = [];
  private readonly waiters: Array<(reply: Reply | null) => void> = [];
  private readonly onData = (text: string) => this.receive(text);
  private readonly closedPromise: Promise<void>;
  private markClosed!: () => void;
  closed = false;

  private constructor(public socket: net.Socket) {
    this.closedPromise = new Promise((resolve) => (this.markClosed = resolve));
    this.attach(socket);
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1', noDelay: true }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Implicit TLS (RFC 8314); the greeting is left to read. */
  static connectTls(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** After a 220 to STARTTLS: the TLS handshake over the same connection. */
  startTls(): Promise<tls.TLSSocket> {
    const plain = this.socket;
    plain.off('data', this.onData);
    return new Promise((resolve, reject) => {
      const secure = tls.connect({ socket: plain, rejectUnauthorized: false, servername: 'localhost' }, () => {
        this.attach(secure);
        resolve(secure);
      });
      secure.once('error', reject);
    });
  }

  private attach(socket: net.Socket): void {
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', this.onData);
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      for (const waiter of this.waiters.splice(0)) waiter(null);
      this.markClosed();
    });
  }

  private receive(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.partial.push(line);
      if (line[3] === '-') continue;
      const reply = { code: Number(line.slice(0, 3)), lines: this.partial.map((l) => l.slice(4)), text: this.partial.join('\n') };
      this.partial = [];
      const waiter = this.waiters.shift();
      if (waiter) waiter(reply);
      else this.replies.push(reply);
    }
  }

  /** The next reply; null when the server closed the connection first. */
  read(): Promise<Reply | null> {
    const reply = this.replies.shift();
    if (reply) return Promise.resolve(reply);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The next n replies. */
  async readMany(n: number): Promise<Reply[]> {
    const out: Reply[] = [];
    for (let i = 0; i < n; i++) {
      const reply = await this.read();
      if (!reply) throw new Error(`connection closed after ${out.length} of ${n} replies: ${out.map((r) => r.text).join(' | ')}`);
      out.push(reply);
    }
    return out;
  }

  async expectReply(): Promise<Reply> {
    const reply = await this.read();
    if (!reply) throw new Error('connection closed instead of a reply');
    return reply;
  }

  send(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  /** Sends one command line (CRLF added) and returns its reply. */
  async command(line: string): Promise<Reply> {
    this.send(`${line}\r\n`);
    return this.expectReply();
  }

  /** Sends one command and returns only the reply code. */
  async code(line: string): Promise<number> {
    return (await this.command(line)).code;
  }

  whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  close(): void {
    this.socket.destroy();
  }
}
