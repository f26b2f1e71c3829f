import type { Address, MessageRecord } from '../store/record.js';
import type { Condition, Field, Term } from './parse.js';

function addressText(list: readonly Address[]): string {
  let s = '';
  for (const a of list) s += `${a.Name} <${a.Address}> `;
  return s.toLowerCase();
}

function fieldText(r: MessageRecord, field: Field): string {
  switch (field) {
    case 'from':
      return r.from ? addressText([r.from]) : '';
    case 'to':
      return addressText(r.to);
    case 'cc':
      return addressText(r.cc);
    case 'bcc':
      return addressText(r.bcc);
    case 'reply-to':
      return addressText(r.replyTo);
    case 'addressed':
      return `${addressText(r.to)}${addressText(r.cc)}${addressText(r.bcc)}${addressText(r.replyTo)}`;
    case 'subject':
      return r.subject.toLowerCase();
    case 'message-id':
      return r.messageId.toLowerCase();
    case 'tag':
      return '';
  }
}

function holds(c: Condition, r: MessageRecord): boolean {
  switch (c.kind) {
    case 'text':
      return (
        r.subject.toLowerCase().includes(c.text) ||
        r.searchText.includes(c.text) ||
        (r.from !== null && addressText([r.from]).includes(c.text)) ||
        fieldText(r, 'addressed').includes(c.text) ||
        r.attachmentNames.some((n) => n.toLowerCase().includes(c.text))
      );
    case 'field':
      if (c.field === 'tag') return r.tags.some((t) => t.toLowerCase() === c.text);
      return fieldText(r, c.field).includes(c.text);
    case 'is':
      return c.state === 'read' ? r.read : c.state === 'unread' ? !r.read : r.tags.length > 0;
    case 'has':
      return c.what === 'attachment' ? r.attachments > 0 : r.inline > 0;
    case 'date': {
      const t = Date.parse(r.created);
      return c.op === 'before' ? t < c.time : t >= c.time;
    }
    case 'size':
      return c.op === 'larger' ? r.size > c.bytes : r.size < c.bytes;
  }
}

/** True when the record satisfies every term (AND), negated terms inverted. */
export function matchesSearch(terms: readonly Term[], r: MessageRecord): boolean {
  for (const t of terms) if (holds(t.condition, r) === t.negated) return false;
  return true;
}
