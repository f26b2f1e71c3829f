/**
 * Frames command lines out of a byte stream. A line ends at LF (a preceding CR is stripped), so
 * clients typing commands with bare LF (netcat, telnet on Unix) work; DATA is framed elsewhere and
 * never accepts a bare LF. A line longer than the bound is dropped byte by byte until its LF and
 * reported as too long, so an endless line never grows memory.
 */
const LF = 0x0a;
const CR = 0x0d;

export type LineResult =
  /** `line` is null when the line was over the bound; `end` is the offset after its LF. */
  | { line: Buffer | null; end: number }
  /** Everything from the offset was taken in; feed the next chunk. */
  | null;

export class LineReader {
  private parts: Buffer[] = [];
  private partLength = 0;
  private discarding = false;

  /** @param maxLength the longest line kept, in octets without its terminator. */
  constructor(private readonly maxLength: number) {}

  next(chunk: Buffer, from: number): LineResult {
    const lf = chunk.indexOf(LF, from);
    if (lf < 0) {
      this.keep(chunk, from);
      return null;
    }
    if (this.discarding) {
      this.discarding = false;
      return { line: null, end: lf + 1 };
    }
    let line = chunk.subarray(from, lf);
    if (this.parts.length > 0) {
      this.parts.push(line);
      line = Buffer.concat(this.parts, this.partLength + line.length);
      this.parts = [];
      this.partLength = 0;
    }
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    return { line: line.length > this.maxLength ? null : line, end: lf + 1 };
  }

  /** True while part of a line is held (the client is mid-command). */
  get holding(): boolean {
    return this.partLength > 0 || this.discarding;
  }

  private keep(chunk: Buffer, from: number): void {
    if (this.discarding || from >= chunk.length) return;
    const length = chunk.length - from;
    // +1: the CR of a CRLF split across chunks may still arrive with the line at its bound.
    if (this.partLength + length > this.maxLength + 1) {
      this.parts = [];
      this.partLength = 0;
      this.discarding = true;
      return;
    }
    this.parts.push(chunk.subarray(from));
    this.partLength += length;
  }
}
