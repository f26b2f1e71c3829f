/**
 * The stream parsers see TCP chunks split anywhere. These tests feed the same bytes in every
 * possible two-way split and byte by byte, and expect exactly what one whole chunk gives.
 */
import { describe, expect, it } from 'vitest';
import { DotDecoder } from '../../src/smtp/dot-decoder.js';
import { LineReader } from '../../src/smtp/line-reader.js';

/** Feeds the chunks; returns the message bytes and what followed the terminator (or null). */
function decode(chunks: Buffer[]): { message: string; after: string | null } {
  const decoder = new DotDecoder();
  const pieces: Buffer[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const end = decoder.feed(chunks[i]!, 0, (p) => pieces.push(p));
    if (end >= 0) {
      const after = Buffer.concat([chunks[i]!.subarray(end), ...chunks.slice(i + 1)]);
      return { message: Buffer.concat(pieces).toString('latin1'), after: after.toString('latin1') };
    }
  }
  return { message: Buffer.concat(pieces).toString('latin1'), after: null };
}

function splits(text: string): Buffer[][] {
  const bytes = Buffer.from(text, 'latin1');
  const out: Buffer[][] = [[bytes], Array.from(bytes, (b) => Buffer.from([b]))];
  for (let i = 1; i < bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return out;
}

describe('DATA framing across chunk boundaries', () => {
  it.each([
    ['a plain message', 'Subject: x\r\n\r\nbody\r\n.\r\nNEXT', 'Subject: x\r\n\r\nbody\r\n', 'NEXT'],
    ['an empty message', '.\r\nNEXT', '', 'NEXT'],
    ['dot-stuffing', '..a\r\nb\r\n..\r\n...c\r\n.\r\n', '.a\r\nb\r\n.\r\n..c\r\n', ''],
    ['bare LF and CR around dots', 'a\n.\nb\r.\rc\n.\r\nd\r\n.\ne\r\n.\rf\r\n.\r\r\n.\r\n', 'a\n.\nb\r.\rc\n.\r\nd\r\n\ne\r\n\rf\r\n\r\r\n', ''],
    ['CR runs', '\r\r\n\r\r\n.\r\r\n.\r\n', '\r\r\n\r\r\n\r\r\n', ''],
    ['no terminator yet', 'a\r\n.x\r\n.\r', 'a\r\nx\r\n', null],
  ])('handles %s identically however the bytes are split', (_name, input, message, after) => {
    for (const chunks of splits(input)) {
      expect(decode(chunks), JSON.stringify(chunks.map((c) => c.toString('latin1')))).toEqual({ message, after });
    }
  });

  it('passes large spans through without copying them', () => {
    const chunk = Buffer.from(`${'x'.repeat(10_000)}\r\n.\r\n`, 'latin1');
    const pieces: Buffer[] = [];
    new DotDecoder().feed(chunk, 0, (p) => pieces.push(p));
    expect(pieces).toHaveLength(1);
    expect(pieces[0]!.buffer).toBe(chunk.buffer);
  });
});

describe('command line framing across chunk boundaries', () => {
  function lines(chunks: Buffer[], max = 20): Array<string | null> {
    const reader = new LineReader(max);
    const out: Array<string | null> = [];
    for (const chunk of chunks) {
      let from = 0;
      for (;;) {
        const r = reader.next(chunk, from);
        if (!r) break;
        out.push(r.line === null ? null : r.line.toString('latin1'));
        from = r.end;
      }
    }
    return out;
  }

  it('frames lines at CRLF or LF, and marks over-long ones, however the bytes are split', () => {
    const input = `EHLO x\r\nNOOP\nRSET\r\n${'y'.repeat(50)}\r\n${'z'.repeat(20)}\r\n${'w'.repeat(21)}\r\nQUIT\r\n`;
    for (const chunks of splits(input)) {
      expect(lines(chunks)).toEqual(['EHLO x', 'NOOP', 'RSET', null, 'z'.repeat(20), null, 'QUIT']);
    }
  });
});
