/**
 * What /view/{ID}.html does to hostile HTML before a browser sees it. Scripts, inline handlers,
 * `javascript:` URLs, forms and <base> are disarmed by the CSP the page is served with; what a
 * CSP cannot stop is neutralised here: <meta http-equiv="refresh"> (a navigation).
 */
import type { MessageAttachment } from '../mime/index.js';

const META_REFRESH = /<meta\b[^>]*http-equiv\s*=\s*["']?\s*refresh[^>]*>/gi;

export function viewCsp(remoteContent: boolean): string {
  const remote = remoteContent ? ' http: https:' : '';
  return [
    "default-src 'none'",
    `img-src 'self' data:${remote}`,
    `style-src 'self' 'unsafe-inline'${remote}`,
    `font-src 'self' data:${remote}`,
    `media-src 'self' data:${remote}`,
    "frame-ancestors 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Rewrites `cid:` references to the parts' URLs (relative to /view/) and drops meta refreshes. */
export function prepareHtml(html: string, messageId: string, parts: readonly MessageAttachment[]): string {
  const byCid = new Map(parts.filter((p) => p.ContentID).map((p) => [p.ContentID.toLowerCase(), p.PartID]));
  return html.replace(META_REFRESH, '').replace(/cid:([^"'\s)>]+)/gi, (whole, cid: string) => {
    let key = cid;
    try {
      key = decodeURIComponent(cid);
    } catch {
      // keep it as written
    }
    const partId = byCid.get(key.toLowerCase());
    return partId ? `../api/v1/message/${messageId}/part/${partId}` : whole;
  });
}
