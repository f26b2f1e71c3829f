/** An SMTP test client that can move onto TLS: STARTTLS upgrades and implicit-TLS connections. */
import net from 'node:net';
import tls from 'node:tls';
import type { Reply } from '../smtp/raw-client.js';

export class TlsCapableClient {
  private buffer = '';
  private partial: string[] = [];
  private readonly replies: Reply[] = [];
  private readonly waiters: Array<(reply: Reply | null) => void> = [];
  private readonly onData = (text: string) => this.receive(text);
  closed = false;

  private constructor(public socket: net.Socket) {
    this.attach(socket);
  }

  /** Plain TCP; the greeting is left to read. */
  static plain(port: number): Promise<TlsCapableClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1' }, () => resolve(new TlsCapableClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Implicit TLS (RFC 8314); the greeting is left to read. */
  static implicit(port: number): Promise<TlsCapableClient> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => resolve(new TlsCapableClient(socket)));
      socket.once('error', reject);
    });
  }

  /** After a 220 to STARTTLS: the TLS handshake over the same connection. */
  upgrade(): Promise<tls.TLSSocket> {
    const raw = this.socket;
    raw.off('data', this.onData);
    return new Promise((resolve, reject) => {
      const secure = tls.connect({ socket: raw, rejectUnauthorized: false, servername: 'localhost' }, () => {
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

  read(): Promise<Reply | null> {
    const reply = this.replies.shift();
    if (reply) return Promise.resolve(reply);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async expectReply(): Promise<Reply> {
    const reply = await this.read();
    if (!reply) throw new Error('connection closed instead of a reply');
    return reply;
  }

  send(data: string): void {
    this.socket.write(data);
  }

  async command(line: string): Promise<Reply> {
    this.send(`${line}\r\n`);
    return this.expectReply();
  }

  close(): void {
    this.socket.destroy();
  }
}
