/**
 * The everyday Content-Type/Content-Disposition shortcut must read exactly what libmime's
 * parseHeaderValue reads, or step aside (undefined).
 */
import { Libmime } from 'libmime';
import { describe, expect, it } from 'vitest';
import { simpleHeaderValue } from '../../src/mime/simple-header-value.js';
import { seededRandom } from './seeded-random.js';

const libmime = new Libmime();
const byLibmime = (value: string) => {
  const parsed = libmime.parseHeaderValue(value, { stripComments: true });
  return { value: parsed.value, params: parsed.params, decoded: parsed.decodedParams.length };
};

const ALPHABET = 'aZ09/;= \t"\\*()._-:+,\'%?';

describe('simpleHeaderValue', () => {
  it('reads the everyday forms as libmime does', () => {
    for (const value of [
      'text/plain; charset=utf-8',
      'multipart/alternative; boundary="alt"',
      'multipart/mixed;\tboundary="----=_Part_1.2"; charset=UTF-8;',
      'application/octet-stream; name="report 2026.bin"',
      'attachment; filename="a b.pdf"; filename="second.pdf"',
      'inline',
      '',
      'text/html ; Charset = "us-ascii" ',
    ]) {
      const simple = simpleHeaderValue(value);
      expect(simple, value).toBeDefined();
      expect({ ...simple, decoded: 0 }, value).toEqual(byLibmime(value));
    }
  });

  it('steps aside for RFC 2231 parameters, comments, escapes and junk after a quoted value', () => {
    for (const value of ["attachment; filename*=utf-8''a%20b", 'text/plain; name*0="a"; name*1="b"', 'text/plain (comment)', 'text/plain; name="a\\"b"', 'text/plain; name="a"b', 'text /plain', 'text/plain; =x']) {
      expect(simpleHeaderValue(value), value).toBeUndefined();
    }
  });

  it('never disagrees with libmime on random values built from the characters that matter', () => {
    const next = seededRandom(11);
    const noise = () => Array.from({ length: Math.floor(next() * 8) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
    let taken = 0;
    const total = 100_000;
    for (let n = 0; n < total; n++) {
      const shapes = [noise(), `text/plain${noise()}`, `text/plain; a=${noise()}`, `text/${noise()}; b="${noise()}"${noise()}`, `${noise()}; n=v; N=${noise()}`];
      const value = shapes[Math.floor(next() * shapes.length)]!;
      const simple = simpleHeaderValue(value);
      if (simple === undefined) continue;
      taken++;
      expect({ ...simple, decoded: 0 }, JSON.stringify(value)).toEqual(byLibmime(value));
    }
    // The comparison means something only if many values were taken by the shortcut.
    expect(taken).toBeGreaterThan(total / 10);
  });
});
