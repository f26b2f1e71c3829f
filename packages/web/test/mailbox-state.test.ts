// The inbox state's races, which a browser test cannot arrange on purpose: frames that arrive
// while a page of the list is being fetched.
import { describe, expect, test } from 'vitest';
import type { LiveFrame, MessagesPage, MessageSummary } from '../src/api';
import { hasMore, initialMailbox, mailboxReducer, type MailboxAction, type MailboxState } from '../src/mailbox/state';

function summary(ID: string, extra: Partial<MessageSummary> = {}): MessageSummary {
  return {
    ID, MessageID: `${ID}@test`, Read: false, From: { Name: '', Address: 'a@example.com' }, To: [], Cc: [], Bcc: [],
    ReplyTo: [], Subject: `subject ${ID}`, Created: '2025-01-01T00:00:00.000Z', Username: '', Tags: [], Size: 10,
    Attachments: 0, Snippet: '', ...extra,
  };
}

function page(messages: MessageSummary[], count = messages.length, tags: string[] = []): MessagesPage {
  const unread = messages.filter((m) => !m.Read).length;
  return { total: count, unread, messages_count: count, messages_unread: unread, start: 0, tags, messages };
}

const run = (actions: MailboxAction[], from: MailboxState = initialMailbox) => actions.reduce(mailboxReducer, from);
const frames = (...list: LiveFrame[]): MailboxAction => ({ type: 'frames', frames: list });
const ids = (state: MailboxState) => state.messages.map((m) => m.ID);

describe('the inbox state', () => {
  test('frames that arrive while the list is reloading are applied to the fresh page', () => {
    const state = run([
      { type: 'reload', generation: 1, query: '', keep: false },
      frames({ Type: 'new', Data: summary('c') }, { Type: 'delete', Data: { ID: 'a' } }, { Type: 'update', Data: { ID: 'b', Read: true } }),
      // The page was read before those three changes.
      { type: 'reloaded', generation: 1, page: page([summary('b'), summary('a')]) },
    ]);
    expect(ids(state)).toEqual(['c', 'b']);
    expect(state.messages[1]!.Read).toBe(true);
    expect(state.count).toBe(2);
    expect(state.unread).toBe(1);
  });

  test('a page fetched before a delete cannot bring the deleted message back, nor duplicate one', () => {
    const loaded = run([
      { type: 'reload', generation: 1, query: '', keep: false },
      { type: 'reloaded', generation: 1, page: page([summary('d'), summary('c')], 4) },
    ]);
    expect(hasMore(loaded)).toBe(true);
    const state = run([
      frames({ Type: 'delete', Data: { ID: 'b' } }),
      { type: 'page', generation: 1, page: page([summary('c'), summary('b'), summary('a')], 4) },
    ], loaded);
    expect(ids(state)).toEqual(['d', 'c', 'a']);
  });

  test('answers to an older reload are dropped', () => {
    const state = run([
      { type: 'reload', generation: 1, query: '', keep: false },
      { type: 'reload', generation: 2, query: 'invoice', keep: false },
      { type: 'reloaded', generation: 1, page: page([summary('old')]) },
      { type: 'reloaded', generation: 2, page: page([summary('match')], 1) },
    ]);
    expect(ids(state)).toEqual(['match']);
    expect(state.query).toBe('invoice');
  });

  test('while searching, new mail counts in the totals but is not put into the results', () => {
    const state = run([
      { type: 'reload', generation: 1, query: 'invoice', keep: false },
      { type: 'reloaded', generation: 1, page: { ...page([summary('match')], 1), total: 5, unread: 5 } },
      frames({ Type: 'new', Data: summary('other', { Tags: ['fresh'] }) }),
    ]);
    expect(ids(state)).toEqual(['match']);
    expect(state.total).toBe(6);
    expect(state.tags).toEqual(['fresh']);
  });

  test('a stats frame that disagrees with the frames asks for a reload, and one that agrees again cancels it', () => {
    const loaded = run([
      { type: 'reload', generation: 1, query: '', keep: false },
      { type: 'reloaded', generation: 1, page: page([summary('a')]) },
    ]);
    const behind = run([frames({ Type: 'stats', Data: { Total: 3, Unread: 3 } })], loaded);
    expect(behind.outOfStep).toBe(true);
    expect(behind.count).toBe(3);
    const caughtUp = run([frames({ Type: 'new', Data: summary('b') }, { Type: 'stats', Data: { Total: 4, Unread: 4 } })], behind);
    expect(caughtUp.outOfStep).toBe(false);
  });

  test('truncate empties the list, and a malformed-but-decoded update for an unknown message changes nothing', () => {
    const loaded = run([
      { type: 'reload', generation: 1, query: '', keep: false },
      { type: 'reloaded', generation: 1, page: page([summary('a'), summary('b')], 2, ['x']) },
    ]);
    expect(run([frames({ Type: 'update', Data: { ID: 'nope', Read: true } })], loaded)).toBe(loaded);
    const empty = run([frames({ Type: 'truncate' })], loaded);
    expect(empty.messages).toEqual([]);
    expect([empty.count, empty.total, empty.unread, empty.tags.length]).toEqual([0, 0, 0, 0]);
  });
});
