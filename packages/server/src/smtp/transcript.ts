/**
 * The command/reply dialogue of a session, kept to hand to the sink with each message. It is
 * bounded: the part before the first MAIL (greeting, EHLO, STARTTLS, AUTH) and the current
 * transaction share one byte budget, every line is cut at LINE_MAX, and what does not fit is
 * replaced by a single marker. The session masks secrets and replaces message data before
 * lines get here.
 */
const LINE_MAX = 1000;
const TRUNCATED = '[... transcript truncated ...]';

export class Transcript {
  private readonly prologue: string[] = [];
  private prologueBytes = 0;
  private prologueDone = false;
  private tx: string[] = [];
  private txBytes = 0;
  private truncated = false;

  /** @param maxBytes bound of the text handed with one message (the prologue takes at most a quarter); 0 = keep nothing. */
  constructor(private readonly maxBytes: number) {}

  client(line: string): void {
    this.add(`C: ${line}`);
  }

  /** A reply as sent: one or more lines separated by CRLF. */
  server(reply: string): void {
    for (const line of reply.split('\r\n')) this.add(`S: ${line}`);
  }

  /** The first MAIL of the session: what came before is kept for every later message. */
  endPrologue(): void {
    this.prologueDone = true;
  }

  /** The current message was handed over and answered: its lines are let go. */
  clearTransaction(): void {
    this.tx = [];
    this.txBytes = 0;
    this.truncated = false;
  }

  text(): string {
    return [...this.prologue, ...this.tx].join('\n');
  }

  private add(raw: string): void {
    if (this.maxBytes <= 0) return;
    const line = raw.length > LINE_MAX ? `${raw.slice(0, LINE_MAX)}...` : raw;
    const bytes = Buffer.byteLength(line) + 1;
    if (!this.prologueDone) {
      if (this.prologueBytes + bytes <= this.maxBytes / 4) {
        this.prologue.push(line);
        this.prologueBytes += bytes;
      } else if (this.prologue.at(-1) !== TRUNCATED) {
        this.prologue.push(TRUNCATED);
        this.prologueBytes += TRUNCATED.length + 1;
      }
      return;
    }
    if (this.truncated) return;
    if (this.prologueBytes + this.txBytes + bytes + TRUNCATED.length + 1 > this.maxBytes) {
      this.tx.push(TRUNCATED);
      this.truncated = true;
      return;
    }
    this.tx.push(line);
    this.txBytes += bytes;
  }
}
