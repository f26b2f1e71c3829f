/** "1 Jul 2003" (RFC 5322) or "2003-07-01" (ISO 8601): without one of these, a value is not taken for a date. */
const HAS_DAY_MONTH_YEAR = /\b\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2,4}\b|\b\d{4}-\d{2}-\d{2}/;

/**
 * A Date header value as ISO 8601, or null when absent or unreadable. (mailparser substitutes the
 * current time for an invalid date, which would pass a broken header off as a real one.)
 */
export function parseMailDate(value: string | undefined): string | null {
  if (!value) return null;
  const withoutComments = value.replace(/\([^()]*\)/g, ' ').trim();
  if (!HAS_DAY_MONTH_YEAR.test(withoutComments)) return null;
  const ms = Date.parse(withoutComments);
  if (Number.isNaN(ms)) return null;
  try {
    return new Date(ms).toISOString();
  } catch {
    return null;
  }
}
