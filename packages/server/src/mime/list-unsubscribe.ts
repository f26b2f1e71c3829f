import type { ListUnsubscribe } from './types.js';

/**
 * Mailpit's ListUnsubscribe: the List-Unsubscribe header checked against RFC 2369 / RFC 8058 habits
 * (links in <>, comma separated, at most one mailto: and one http(s): link, no spaces), with the
 * problems found in Errors and the valid links in Links.
 */
export function listUnsubscribe(header: string | undefined, headerPost: string | undefined): ListUnsubscribe {
  const result: ListUnsubscribe = { Errors: '', Header: header ?? '', HeaderPost: '', Links: [] };
  if (!header) return result;
  result.HeaderPost = headerPost ?? '';
  const { links, errors } = checkLinks(header);
  result.Links = links;
  result.Errors = errors.join(', ');
  return result;
}

function checkLinks(header: string): { links: string[]; errors: string[] } {
  const v = header.replace(/\([^()]*\)/g, '').trim();
  const bracketed = [...v.matchAll(/<([^<>]*)>/g)].map((m) => m[1] as string);
  if (bracketed.length === 0) return fail(`"${v}" no valid unsubscribe links found`);
  if (!v.startsWith('<') || !v.endsWith('>')) return fail(`"${v}" should be enclosed in <>`);
  if (bracketed.length > 2) return fail(`"${v}" should include a maximum of one email and one HTTP link`);
  for (const m of v.matchAll(/>([^<>]*)</g)) {
    if (!/^\s*,\s*$/.test(m[1] as string)) return fail(`"${v}" <> should be split with a comma and optional spaces`);
  }

  const links: string[] = [];
  const errors: string[] = [];
  let hasMailTo = false;
  let hasHttp = false;
  for (const link of bracketed) {
    if (/\s/.test(link)) {
      errors.push(`"${link}" should not contain spaces`);
      continue;
    }
    if (/^mailto:[a-zA-Z0-9]/.test(link)) {
      if (hasMailTo) {
        errors.push(`"${link}" should only contain one mailto:`);
        continue;
      }
      hasMailTo = true;
    } else if (/^https?:\/\/[a-zA-Z0-9]/i.test(link)) {
      if (hasHttp) {
        errors.push(`"${link}" should only contain one HTTP link`);
        continue;
      }
      hasHttp = true;
    } else {
      errors.push(`"${link}" should start with either http(s):// or mailto:`);
      continue;
    }
    if (!URL.canParse(link)) {
      errors.push(`"${link}" is not a valid URL`);
      continue;
    }
    links.push(link);
  }
  return { links, errors };
}

function fail(error: string): { links: string[]; errors: string[] } {
  return { links: [], errors: [error] };
}
