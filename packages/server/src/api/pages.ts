import { matchesSearch, type Term } from '../search/index.js';
import type { MessageStore } from '../store/index.js';
import type { MessagesSummary } from './schemas.js';
import { toMessageSummary } from './summary.js';

/** The newest messages, Mailpit's MessagesSummary. O(limit). */
export function listPage(store: MessageStore, start: number, limit: number): MessagesSummary {
  return {
    total: store.total,
    unread: store.unread,
    messages_count: store.total,
    messages_unread: store.unread,
    start,
    tags: store.tags(),
    messages: store.list(start, limit).map(toMessageSummary),
  };
}

/** Messages matching a search, newest first, with the counts of all matches. */
export function searchPage(store: MessageStore, terms: readonly Term[], start: number, limit: number): MessagesSummary {
  const page: MessagesSummary['messages'] = [];
  let count = 0;
  let unread = 0;
  for (const r of store.newestFirst()) {
    if (!matchesSearch(terms, r)) continue;
    if (count >= start && page.length < limit) page.push(toMessageSummary(r));
    count++;
    if (!r.read) unread++;
  }
  return {
    total: store.total,
    unread: store.unread,
    messages_count: count,
    messages_unread: unread,
    start,
    tags: store.tags(),
    messages: page,
  };
}
