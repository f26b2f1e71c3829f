/**
 * The everyday-address shortcut must read exactly what nodemailer's addressparser reads, or
 * step aside (undefined).
 */
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { describe, expect, it } from 'vitest';
import { simpleMailbox } from '../../src/mime/simple-mailbox.js';
import { seededRandom } from './seeded-random.js';


const ALPHABET = 'aZ09 .@<>_%+-,";:()\\[]\t=?';

describe('simpleMailbox', () => {
  it('reads the everyday forms as addressparser does', () => {
    for (const value of ['Bench Sender <sender@bench.test>', 'bob@example.com', 'Recipient 19 <rcpt19@bench.test>', 'A <a.b+c%d_e-f@x-y.example>', 'x@y']) {
      const simple = simpleMailbox(value);
      expect(simple, value).toBeDefined();
      expect(simple, value).toEqual(addressparser(value));
    }
  });

  it('steps aside for quotes, comments, groups, lists and spacing it does not repeat', () => {
    for (const value of ['"Jörg" <j@x.y>', 'a@b, c@d', 'Team: a@b;', 'Bob (work) <b@x.y>', 'Bench  Sender <s@b.t>', ' <s@b.t>', 'Bob<b@x.y>', '<b@x.y>', 'x <a@b> y', '', 'a@b@c']) {
      expect(simpleMailbox(value), value).toBeUndefined();
    }
  });

  it('never disagrees with addressparser on random values built from the characters that matter', () => {
    const next = seededRandom(7);
    let taken = 0;
    const total = 100_000;
    for (let n = 0; n < total; n++) {
      // Mostly near-misses of the everyday forms, some pure noise.
      const noise = Array.from({ length: Math.floor(next() * 12) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
      const shapes = [noise, `${noise}@b.c`, `Ab ${noise} <a@b.c>`, `${noise} <x${noise}@y.z>`, `a${noise}b`];
      const value = shapes[Math.floor(next() * shapes.length)]!;
      const simple = simpleMailbox(value);
      if (simple === undefined) continue;
      taken++;
      expect(simple, JSON.stringify(value)).toEqual(addressparser(value));
    }
    // The comparison means something only if many values were taken by the shortcut.
    expect(taken).toBeGreaterThan(1000);
  });
});
