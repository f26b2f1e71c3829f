import { describe, expect, it } from 'vitest';
import { CollapsedText, isBlank } from '../../src/mime/collapsed-text.js';
import { garbage } from './messages.js';

/** Pieces of text as bodies and HTML give them: words, every kind of ASCII whitespace, edges. */
function pieces(seed: number, count: number): string[] {
  const alphabet = ['a', 'Zq', '42', '.', ' ', '  ', '\t', '\r\n', '\n', '\v', '\f', '\r', 'word', '<p>', '~'];
  const noise = garbage(count * 8, seed);
  return Array.from({ length: count }, (_, i) => {
    const length = noise[i * 8]! % 12;
    return Array.from({ length }, (_, k) => alphabet[noise[i * 8 + 1 + (k % 7)]! % alphabet.length]!).join('');
  });
}

/** The same text through the general path: a zero-width space is not plain ASCII and is dropped. */
const general = (text: string) => `\u200b${text}`;

describe('CollapsedText', () => {
  it('collapses plain ASCII text exactly as its general path does, across pieces, spaces and limits', () => {
    for (let seed = 1; seed <= 60; seed++) {
      for (const limit of [1, 7, 40, 8192]) {
        const fast = new CollapsedText(limit);
        const slow = new CollapsedText(limit);
        for (const [i, piece] of pieces(seed, 30).entries()) {
          if (i % 5 === 4) {
            fast.space();
            slow.space();
          }
          fast.add(piece);
          slow.add(general(piece));
        }
        expect(fast.toString(), `seed ${seed}, limit ${limit}`).toBe(slow.toString());
      }
    }
  });

  it('turns runs of whitespace into one space, trims the ends and stops at the limit', () => {
    const text = new CollapsedText(12);
    text.add('  Hello,\r\n\r\n\tworld  ');
    text.add('and more');
    expect(text.toString()).toBe('Hello, world');
    const long = new CollapsedText(8192);
    long.add(' one\ttwo ');
    long.add('three');
    expect(long.toString()).toBe('one two three');
  });

  it('calls text blank exactly when collapsing leaves nothing of it', () => {
    const invisible = ['', ' ', '\t\r\n', '\u200b', '\u00ad', '\ufeff', '\u00a0', '\u2028', '\u0007', '\u202e'];
    const visible = ['a', '.', 'é', '👋', '\u0300', '中'];
    const cases = [
      ...invisible,
      ...invisible.flatMap((a) => invisible.map((b) => a + b)),
      ...visible.flatMap((v) => invisible.map((a) => `${a}${v}${a}`)),
      ...pieces(7, 200),
    ];
    for (const text of cases) {
      const collapsed = new CollapsedText(8192);
      collapsed.add(text);
      expect(isBlank(text), JSON.stringify(text)).toBe(collapsed.toString() === '');
    }
    expect(isBlank('\u200b \r\n\u00ad')).toBe(true);
    expect(isBlank('\u200b \r\n👋')).toBe(false);
  });
});
