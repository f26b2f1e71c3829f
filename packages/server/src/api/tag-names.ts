/**
 * Mailpit's tag rule: letters, digits, `-`, `.`, `_` and spaces; other characters are stripped,
 * runs of spaces collapsed, and a tag that ends up empty is dropped.
 */
export function cleanTags(tags: readonly string[]): string[] {
  return tags.map((t) => t.replace(/[^A-Za-z0-9._ -]/g, '').replace(/ +/g, ' ').trim()).filter((t) => t.length > 0);
}
