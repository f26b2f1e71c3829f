/**
 * Streams the body of a DATA command (RFC 5321 4.1.1.4, 4.5.2): finds the end of the message and
 * undoes dot-stuffing without copying. The message ends only at <CRLF>.<CRLF> (the CRLF before
 * the dot is the last line's own and belongs to the message); a bare CR or LF next to a dot never
 * ends it (SMTP smuggling) and every CR and LF is passed on verbatim. A `.` that starts a line
 * (after CRLF, or at the very start) and is not the terminator is removed.
 */
const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const CRLF_DOT = Buffer.from('\r\n.', 'latin1');
const CR_ONLY = Buffer.from('\r', 'latin1');

const enum State {
  /** Inside a line. */
  Text,
  /** The last byte was a CR (already passed on). */
  AfterCr,
  /** At the start of a line (after CRLF, or at the start of the data). */
  LineStart,
  /** A line-start dot was seen and held back. */
  Dot,
  /** A line-start dot and a CR were seen and held back. */
  DotCr,
}

export class DotDecoder {
  private state = State.LineStart;

  /** Call before each DATA. */
  reset(): void {
    this.state = State.LineStart;
  }

  /**
   * Passes the message bytes of chunk[from..] to `emit` as subarrays of the chunk. Returns the
   * offset just after the terminating `.<CRLF>`, or -1 when the whole chunk belonged to the message.
   */
  feed(chunk: Buffer, from: number, emit: (piece: Buffer) => void): number {
    const end = chunk.length;
    let i = from;
    let start = from; // first byte not yet emitted
    while (i < end) {
      switch (this.state) {
        case State.Text: {
          const hit = chunk.indexOf(CRLF_DOT, i);
          if (hit >= 0) {
            i = hit + 2;
            this.state = State.LineStart;
            break;
          }
          if (chunk[end - 1] === CR) this.state = State.AfterCr;
          else if (end - i >= 2 && chunk[end - 2] === CR && chunk[end - 1] === LF) this.state = State.LineStart;
          i = end;
          break;
        }
        case State.AfterCr:
          if (chunk[i] === LF) {
            i++;
            this.state = State.LineStart;
          } else {
            this.state = State.Text;
          }
          break;
        case State.LineStart:
          if (chunk[i] === DOT) {
            if (i > start) emit(chunk.subarray(start, i));
            i++;
            start = i;
            this.state = State.Dot;
          } else {
            this.state = State.Text;
          }
          break;
        case State.Dot:
          if (chunk[i] === CR) {
            i++;
            start = i;
            this.state = State.DotCr;
          } else {
            this.state = State.Text; // the dot is dropped: dot-unstuffing
          }
          break;
        case State.DotCr:
          if (chunk[i] === LF) {
            this.state = State.LineStart;
            return i + 1;
          }
          // `.<CR>` followed by anything but LF: the dot is dropped, the CR is message data.
          emit(CR_ONLY);
          this.state = State.AfterCr;
          break;
      }
    }
    if (end > start) emit(chunk.subarray(start, end));
    return -1;
  }
}
