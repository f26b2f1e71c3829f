/**
 * Mailpit's search syntax (shared/reference/README.md): free words and "quoted phrases" match
 * anywhere; `key:value` filters narrow; a leading `-` or `!` negates a term; terms combine with AND.
 */

export type Field = 'to' | 'from' | 'cc' | 'bcc' | 'reply-to' | 'addressed' | 'subject' | 'message-id' | 'tag';

export type Condition =
  | { kind: 'text'; text: string }
  | { kind: 'field'; field: Field; text: string }
  | { kind: 'is'; state: 'read' | 'unread' | 'tagged' }
  | { kind: 'has'; what: 'attachment' | 'inline' }
  | { kind: 'date'; op: 'before' | 'after'; time: number }
  | { kind: 'size'; op: 'larger' | 'smaller'; bytes: number };

export interface Term {
  negated: boolean;
  condition: Condition;
}

/** A query that cannot be understood; the message says which term and why. */
export class SearchSyntaxError extends Error {
  override name = 'SearchSyntaxError';
}

const FIELDS = new Set<string>(['to', 'from', 'cc', 'bcc', 'reply-to', 'addressed', 'subject', 'message-id', 'tag']);
const MAX_QUERY_LENGTH = 2000;

/** Splits on white space outside double quotes; quotes are kept to tell phrases from words. */
function tokens(query: string): string[] {
  return query.match(/(?:[^\s"]+|"[^"]*"?)+/g) ?? [];
}

function unquote(s: string): string {
  return s.replace(/"/g, '');
}

export function parseSearch(query: string): Term[] {
  if (query.length > MAX_QUERY_LENGTH) throw new SearchSyntaxError(`search query is longer than ${MAX_QUERY_LENGTH} characters`);
  return tokens(query.trim()).flatMap((token): Term[] => {
    let negated = false;
    let t = token;
    if (t.length > 1 && (t[0] === '-' || t[0] === '!')) {
      negated = true;
      t = t.slice(1);
    }
    const condition = parseCondition(t, token);
    return condition ? [{ negated, condition }] : [];
  });
}

function parseCondition(t: string, token: string): Condition | undefined {
  const colon = t.indexOf(':');
  const key = colon > 0 && !t.startsWith('"') ? t.slice(0, colon).toLowerCase() : '';
  const value = unquote(t.slice(colon + 1));
  if (key && FIELDS.has(key)) return value ? { kind: 'field', field: key as Field, text: value.toLowerCase() } : undefined;
  switch (key) {
    case 'is':
      if (value === 'read' || value === 'unread' || value === 'tagged') return { kind: 'is', state: value };
      throw new SearchSyntaxError(`${token}: "is:" takes read, unread or tagged`);
    case 'has':
      if (value === 'attachment' || value === 'attachments') return { kind: 'has', what: 'attachment' };
      if (value === 'inline') return { kind: 'has', what: 'inline' };
      throw new SearchSyntaxError(`${token}: "has:" takes attachment or inline`);
    case 'before':
    case 'after':
      return { kind: 'date', op: key, time: parseDate(value, token) };
    case 'larger':
    case 'smaller':
      return { kind: 'size', op: key, bytes: parseSearchSize(value, token) };
  }
  const text = unquote(t).toLowerCase();
  return text ? { kind: 'text', text } : undefined;
}

function parseDate(value: string, token: string): number {
  const time = Date.parse(/^\d{4}-\d\d-\d\d$/.test(value) ? `${value}T00:00:00` : value);
  if (Number.isNaN(time)) throw new SearchSyntaxError(`${token}: not a date (use YYYY-MM-DD or an ISO date and time)`);
  return time;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

function parseSearchSize(value: string, token: string): number {
  const m = /^(\d+(?:\.\d+)?)([a-z]*)$/i.exec(value);
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new SearchSyntaxError(`${token}: not a size (use a number with k, m or g, like 10k or 2M)`);
  return Number(m[1]) * unit;
}
