/**
 * Counts the header section of a message as its bytes stream in: physical lines and bytes up to
 * the first empty line (CRLF CRLF, or a bare LF where a client sends one). Past either bound the
 * message is refused after its data (552 5.3.4), so a header bomb never reaches the parser.
 */
const LF = 0x0a;
const CR = 0x0d;

export interface HeaderLimits {
  /** 0 = unlimited */
  maxLines: number;
  /** 0 = unlimited */
  maxBytes: number;
}

export type HeaderProblem = 'header-lines' | 'header-bytes';

export class HeaderScanner {
  private lines = 0;
  private bytes = 0;
  /** Bytes of the current line so far (its CR included). */
  private lineLength = 0;
  private lastByte = -1;
  private done = false;

  constructor(private readonly limits: HeaderLimits) {}

  /** Feeds the next piece of message bytes; returns a problem once a bound is passed. */
  feed(piece: Buffer): HeaderProblem | null {
    let from = 0;
    while (!this.done && from < piece.length) {
      const lf = piece.indexOf(LF, from);
      const end = lf < 0 ? piece.length : lf;
      if (end > from) {
        this.lineLength += end - from;
        this.lastByte = piece[end - 1]!;
      }
      this.bytes += (lf < 0 ? end : lf + 1) - from;
      if (this.limits.maxBytes > 0 && this.bytes > this.limits.maxBytes) return 'header-bytes';
      if (lf < 0) break;
      const empty = this.lineLength === 0 || (this.lineLength === 1 && this.lastByte === CR);
      if (empty) this.done = true;
      else this.lines++;
      this.lineLength = 0;
      this.lastByte = -1;
      from = lf + 1;
      if (this.limits.maxLines > 0 && this.lines > this.limits.maxLines) return 'header-lines';
    }
    return null;
  }
}
