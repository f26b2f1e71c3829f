import { describe, expect, it } from 'vitest';
import { extractOneTimeCode, htmlToText } from '../src/index.js';

describe('extractOneTimeCode', () => {
  it('finds the first standalone run of 4 to 8 digits', () => {
    expect(extractOneTimeCode('Your verification code is 482913. It expires in 10 minutes.')).toBe('482913');
    expect(extractOneTimeCode('Code:0042')).toBe('0042');
    expect(extractOneTimeCode('«829104»')).toBe('829104');
    expect(extractOneTimeCode('Enter\n\n  1234\n\nto continue')).toBe('1234');
    expect(extractOneTimeCode('no digits here')).toBeUndefined();
    expect(extractOneTimeCode('')).toBeUndefined();
  });

  it('skips runs of the wrong length, never taking part of a longer number', () => {
    expect(extractOneTimeCode('Account 123456789012, code 5521')).toBe('5521');
    expect(extractOneTimeCode('123 then 123456789')).toBeUndefined();
    expect(extractOneTimeCode('Use 12345 or 987654', { digits: 6 })).toBe('987654');
    expect(extractOneTimeCode('Use 12345678 or 123', { digits: [2, 3] })).toBe('123');
  });

  it('skips dates, times, amounts, percentages and grouped numbers', () => {
    expect(
      extractOneTimeCode(
        'Sent 2024-05-01 at 10:30 (01/05/2024, 12.05.2024). Total $1234, 1,234.50 EUR, 2500€, 1500%. ' +
          'Code 771245',
      ),
    ).toBe('771245');
    expect(extractOneTimeCode('On May 12, 2024 you asked for a code: 3391')).toBe('3391');
    expect(extractOneTimeCode('12 September 2025 — code 6652')).toBe('6652');
    expect(extractOneTimeCode('Since March 2023. Code 8830')).toBe('8830');
  });

  it('skips phone numbers', () => {
    expect(extractOneTimeCode('Call +1 555 123 4567 or (555) 1234 if it was not you. Code: 90210')).toBe('90210');
    expect(extractOneTimeCode('Call 555-123-4567 or +44 2071 838750. Your code: 5566')).toBe('5566');
  });

  it('skips identifiers, and digits in URLs and e-mail addresses', () => {
    expect(
      extractOneTimeCode(
        'Ticket ABC-1234, order #55512, build v2/4455, from user1234@example.com, ' +
          'see https://example.com/verify/123456?c=654321 and www.example.com/7788. Your code is 2468.',
      ),
    ).toBe('2468');
    expect(extractOneTimeCode('abc123456 123456abc 10000th 5678.')).toBe('5678');
  });

  it('reads the text body first, then the visible text of the HTML', () => {
    expect(extractOneTimeCode({ Text: 'Code 1111', HTML: '<p>Code 2222</p>' })).toBe('1111');
    expect(extractOneTimeCode({ Text: 'no code', HTML: '<p>Code <b>22</b>22</p>' })).toBe('2222');
    expect(
      extractOneTimeCode({
        HTML:
          '<html><head><title>Login 9999</title><style>p{width:1200px}</style></head><body>' +
          '<div style="display: none">preview 8888</div><span hidden>7777</span>' +
          '<script>var x = 6666</script><!-- 5555 --><p>Your code:</p><p>4321</p></body></html>',
      }),
    ).toBe('4321');
    expect(extractOneTimeCode({ HTML: '<td>4</td><td>5</td><td>6</td><td>7</td>' })).toBeUndefined();
    expect(extractOneTimeCode({})).toBeUndefined();
  });

  it('refuses a nonsensical digits option', () => {
    expect(() => extractOneTimeCode('1234', { digits: 0 })).toThrow(RangeError);
    expect(() => extractOneTimeCode('1234', { digits: [6, 4] })).toThrow(RangeError);
    expect(() => extractOneTimeCode('1234', { digits: 4.5 })).toThrow(RangeError);
  });

  it('stays quick on hostile input', () => {
    const text = `${'1-'.repeat(100_000)} ${'a'.repeat(200_000)}@ ${'9'.repeat(100_000)} ${' '.repeat(100_000)}x 2468`;
    expect(extractOneTimeCode(text)).toBe('2468');
    const html = `${'<b> </b>'.repeat(50_000)}${'<div style="display:none">'.repeat(10_000)}`;
    expect(extractOneTimeCode({ HTML: `${html}1357` })).toBeUndefined();
    expect(extractOneTimeCode({ HTML: `${'<b> </b>'.repeat(50_000)}<p>1357</p>` })).toBe('1357');
  });
});

describe('htmlToText', () => {
  it('keeps inline runs together, separates blocks, decodes entities', () => {
    expect(htmlToText('<p>Hello&nbsp;<b>W</b>orld &amp; you</p><p>Bye&#33;</p>')).toBe('Hello\u00a0World & you\nBye!');
  });
});
