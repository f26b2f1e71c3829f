/**
 * Address patterns for fault rules: globs (`*` any run, `?` one character), case-insensitive.
 * Matched by the two-pointer algorithm, O(pattern × text) at worst: no pattern, however crafted,
 * can backtrack exponentially as a regular expression could.
 */

export const MAX_PATTERN_LENGTH = 256;

export function globMatches(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let resume = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      resume = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++resume;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}
