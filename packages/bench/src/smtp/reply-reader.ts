/**
 * Splits the bytes an SMTP server sends into complete replies (multi-line replies joined) and
 * hands them, in order, to whoever asked first.
 */
export interface Reply {
  code: number;
  /** Every line of the reply, CRLF removed. */
  lines: string[];
}

interface Waiter {
  resolve(reply: Reply): void;
  reject(err: Error): void;
}

export class ReplyReader {
  private partial = '';
  private lines: string[] = [];
  private readonly ready: Reply[] = [];
  private readonly waiters: Waiter[] = [];
  private failure: Error | undefined;

  push(chunk: Buffer): void {
    const text = this.partial + chunk.toString('latin1');
    let start = 0;
    for (let end = text.indexOf('\r\n'); end !== -1; end = text.indexOf('\r\n', start)) {
      this.line(text.slice(start, end));
      start = end + 2;
    }
    this.partial = text.slice(start);
  }

  /** The next complete reply. */
  next(): Promise<Reply> {
    const reply = this.ready.shift();
    if (reply) return Promise.resolve(reply);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Fails every pending and future `next()` (the connection is gone). */
  fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    for (const waiter of this.waiters.splice(0)) waiter.reject(err);
  }

  private line(line: string): void {
    this.lines.push(line);
    // "250-..." continues a reply; "250 ..." or a bare "250" ends it.
    if (line.length > 3 && line[3] === '-') return;
    const reply: Reply = { code: Number(line.slice(0, 3)), lines: this.lines };
    this.lines = [];
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(reply);
    else this.ready.push(reply);
  }
}
