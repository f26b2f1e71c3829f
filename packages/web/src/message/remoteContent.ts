/**
 * Whether an HTML body refers to anything on another host (images, styles, fonts, frames) that
 * the preview blocks until the reader allows it. Links (<a href>) load nothing and do not count.
 */
const REMOTE_ATTRIBUTE = /\s(?:src|srcset|background|poster|data|action|lowsrc|dynsrc)\s*=\s*["']?\s*(?:https?:)?\/\//i;
const REMOTE_CSS = /url\(\s*["']?\s*(?:https?:)?\/\/|@import\s+["']?\s*(?:https?:)?\/\//i;
const REMOTE_LINK = /<link\b[^>]*\shref\s*=\s*["']?\s*(?:https?:)?\/\//i;

export function hasRemoteContent(html: string): boolean {
  return REMOTE_ATTRIBUTE.test(html) || REMOTE_CSS.test(html) || REMOTE_LINK.test(html);
}
