import type { Envelope } from '../envelope.js';
import type { Summary } from '../store/record.js';
import { fastReading } from './fast-reading.js';
import { summaryOf } from './summary-of.js';

/**
 * The Summary of a message of an everyday shape, read directly (see fastReading) and equal to
 * what summarize() gets from mailparser for it: list, search and the message view agree.
 * Undefined for any other message, which the caller parses in full.
 */
export function fastSummary(raw: Buffer, envelope: Envelope): Summary | undefined {
  const reading = fastReading(raw, false);
  if (!reading) return undefined;
  return summaryOf({ ...reading, text: reading.text ?? '', html: reading.html ?? '' }, raw, envelope);
}
