/**
 * Turns one framed command line into a verb and its argument. Control bytes (including a bare CR
 * left inside the line) and invalid UTF-8 are refused here, so no later stage — the Received
 * header least of all — ever sees them.
 */
import { isUtf8 } from 'node:buffer';

export type CommandLine =
  | { ok: true; verb: string; arg: string }
  | { ok: false; reason: string };

export function parseCommandLine(line: Buffer): CommandLine {
  let ascii = true;
  for (let i = 0; i < line.length; i++) {
    const b = line[i]!;
    if (b < 0x20 || b === 0x7f) return { ok: false, reason: 'control characters in command' };
    if (b >= 0x80) ascii = false;
  }
  if (!ascii && !isUtf8(line)) return { ok: false, reason: 'invalid UTF-8 in command' };
  const text = line.toString(ascii ? 'latin1' : 'utf8');
  const space = text.indexOf(' ');
  if (space < 0) return { ok: true, verb: text.toUpperCase(), arg: '' };
  return { ok: true, verb: text.slice(0, space).toUpperCase(), arg: text.slice(space + 1).trim() };
}
