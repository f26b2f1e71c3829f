import { describe, expect, it } from 'vitest';
import { extractLinks } from '../src/index.js';

describe('extractLinks', () => {
  it('takes HTML hrefs first, then text URLs, de-duplicated, in order', () => {
    expect(
      extractLinks({
        HTML: '<a href="https://b.example/">B</a><p>x</p><a href="https://a.example/x">A</a><a href="https://b.example/">again</a>',
        Text: 'See https://a.example/x and https://c.example/y\nthen https://b.example/',
      }),
    ).toEqual(['https://b.example/', 'https://a.example/x', 'https://c.example/y']);
  });

  it('decodes HTML entities in hrefs', () => {
    expect(
      extractLinks({
        HTML:
          '<a href="https://x.example/a?b=1&amp;c=2">1</a>' +
          '<a href="https://x.example/&#x2F;p&#47;q">2</a>' +
          '<a href="https://x.example/q?a=1&copy=2">3</a>' +
          "<A HREF='https://x.example/upper'>4</A>" +
          '<a href=https://x.example/unquoted>5</a>',
      }),
    ).toEqual([
      'https://x.example/a?b=1&c=2',
      'https://x.example//p/q',
      'https://x.example/q?a=1&copy=2',
      'https://x.example/upper',
      'https://x.example/unquoted',
    ]);
  });

  it('keeps only http(s) links, trims what browsers trim, and skips broken ones', () => {
    expect(
      extractLinks({
        HTML:
          '<a href="mailto:a@b.example">m</a><a href="tel:+123">t</a><a href="javascript:alert(1)">j</a>' +
          '<a href="#top">#</a><a href="/relative">r</a><a href="  https://x.example/sp\n\tace  ">s</a>' +
          '<a href="https://">empty host</a><a href="http://[bad">bad</a><a>no href</a>',
      }),
    ).toEqual(['https://x.example/space']);
  });

  it('ignores hrefs in comments, scripts, styles and other attributes', () => {
    expect(
      extractLinks({
        HTML:
          '<!-- <a href="https://comment.example/">c</a> -->' +
          '<script>var s = \'<a href="https://script.example/">\';</script>' +
          '<style>a[href="https://style.example/"]{}</style>' +
          '<a data-href="https://data.example/" title=\' href="https://title.example/"\' href="https://real.example/">r</a>' +
          '<link href="https://stylesheet.example/x.css"><img src="https://img.example/i.png">',
      }),
    ).toEqual(['https://real.example/']);
  });

  it('cuts the sentence punctuation around URLs in text', () => {
    expect(
      extractLinks({
        Text:
          'Visit https://a.example/one. Or (https://a.example/two), or <https://a.example/three>!\n' +
          '"https://a.example/four" [link](https://a.example/five) https://a.example/six?x=1;\n' +
          'https://en.example/wiki/Foo_(bar) and https://a.example/seven...',
      }),
    ).toEqual([
      'https://a.example/one',
      'https://a.example/two',
      'https://a.example/three',
      'https://a.example/four',
      'https://a.example/five',
      'https://a.example/six?x=1',
      'https://en.example/wiki/Foo_(bar)',
      'https://a.example/seven',
    ]);
  });

  it('finds nothing in nothing, and survives hostile markup', () => {
    expect(extractLinks({})).toEqual([]);
    expect(extractLinks({ HTML: '', Text: '' })).toEqual([]);
    expect(extractLinks({ HTML: '<a href="https://x.example/' })).toEqual(['https://x.example/']);
    expect(extractLinks({ HTML: '<a href=\'' + 'x'.repeat(10_000) })).toEqual([]);
    // As in a browser, this is one <a> whose attributes are `"<a` and, finally, href.
    const many = '<a "'.repeat(50_000) + '<a href="https://x.example/">';
    const parens = 'https://y.example/' + ')'.repeat(50_000);
    expect(extractLinks({ HTML: many, Text: parens })).toEqual(['https://x.example/', 'https://y.example/']);
  });
});
