/**
 * The inbox as the UI holds it: a newest-first prefix of the server's list (or of a search's
 * results) kept in step with the live frames. Pure: every change is an action.
 *
 * Reloading the first page races with live frames (a frame can arrive while the request is in
 * flight); frames received meanwhile are replayed on the fresh page, so none is lost or undone.
 */
import type { LiveFrame, MessagesPage, MessageSummary } from '../api';

export interface MailboxState {
  /** The search shown; '' is the whole mailbox. */
  query: string;
  messages: MessageSummary[];
  /** How many messages the current view has on the server (loaded or not). */
  count: number;
  /** The whole mailbox, from the last page or stats frame. */
  total: number;
  unread: number;
  tags: string[];
  status: 'loading' | 'ready' | 'failed';
  /** Bumped by each reload; answers to older requests are dropped. */
  generation: number;
  reloading: boolean;
  /** Frames that arrived while a reload was in flight, replayed on its answer. */
  pending: LiveFrame[];
  /** IDs deleted since the last reload, so a page fetched before a delete cannot bring one back. */
  gone: ReadonlySet<string>;
  /**
   * A stats frame disagreed with the total the frames added up to: some change came without a
   * frame (bulk changes through the API, or frames missed), and the list needs a reload.
   */
  outOfStep: boolean;
}

export type MailboxAction =
  | { type: 'reload'; generation: number; query: string; keep: boolean }
  | { type: 'reloaded'; generation: number; page: MessagesPage }
  | { type: 'reload-failed'; generation: number }
  | { type: 'page'; generation: number; page: MessagesPage }
  | { type: 'frames'; frames: LiveFrame[] }
  | { type: 'tags'; tags: string[] };

export const initialMailbox: MailboxState = {
  query: '',
  messages: [],
  count: 0,
  total: 0,
  unread: 0,
  tags: [],
  status: 'loading',
  generation: 0,
  reloading: false,
  pending: [],
  gone: new Set(),
  outOfStep: false,
};

export function hasMore(state: MailboxState): boolean {
  return state.messages.length < state.count;
}

export function mailboxReducer(state: MailboxState, action: MailboxAction): MailboxState {
  switch (action.type) {
    case 'reload':
      return {
        ...state,
        query: action.query,
        generation: action.generation,
        reloading: true,
        pending: [],
        ...(action.keep ? {} : { messages: [], count: 0, status: 'loading' as const }),
      };
    case 'reloaded': {
      if (action.generation !== state.generation) return state;
      const { page } = action;
      const fresh: MailboxState = {
        ...state,
        messages: dedupe(page.messages),
        count: page.messages_count,
        total: page.total,
        unread: page.unread,
        tags: page.tags,
        status: 'ready',
        reloading: false,
        pending: [],
        gone: new Set(),
      };
      // Stats replayed from before the page was read say nothing about the page.
      return { ...state.pending.reduce(applyFrame, fresh), outOfStep: false };
    }
    case 'reload-failed':
      if (action.generation !== state.generation) return state;
      return { ...state, reloading: false, pending: [], status: state.status === 'loading' ? 'failed' : state.status };
    case 'page': {
      if (action.generation !== state.generation || state.reloading) return state;
      const known = new Set(state.messages.map((m) => m.ID));
      const older = action.page.messages.filter((m) => !known.has(m.ID) && !state.gone.has(m.ID));
      return {
        ...state,
        messages: older.length ? [...state.messages, ...older] : state.messages,
        count: action.page.messages_count,
        total: action.page.total,
        unread: action.page.unread,
        tags: action.page.tags,
      };
    }
    case 'frames': {
      const next = action.frames.reduce(applyFrame, state);
      return state.reloading ? { ...next, pending: [...state.pending, ...action.frames] } : next;
    }
    case 'tags':
      return { ...state, tags: action.tags };
  }
}

function applyFrame(state: MailboxState, frame: LiveFrame): MailboxState {
  switch (frame.Type) {
    case 'new': {
      const m = frame.Data;
      if (state.gone.has(m.ID) || state.messages.some((x) => x.ID === m.ID)) return state;
      const total = state.total + 1;
      const unread = state.unread + (m.Read ? 0 : 1);
      const tags = m.Tags.some((t) => !state.tags.includes(t)) ? mergeTags(state.tags, m.Tags) : state.tags;
      // A search's matches are not known here: the caller reloads the search instead.
      if (state.query !== '') return { ...state, total, unread, tags };
      return { ...state, messages: [m, ...state.messages], count: state.count + 1, total, unread, tags };
    }
    case 'stats':
      return {
        ...state,
        // A later stats frame that agrees again (a frame was merely late) clears it.
        outOfStep: state.status === 'ready' && !state.reloading && frame.Data.Total !== state.total,
        total: frame.Data.Total,
        unread: frame.Data.Unread,
        ...(state.query === '' ? { count: frame.Data.Total } : {}),
      };
    case 'update': {
      const { ID, Read, Tags } = frame.Data;
      const index = state.messages.findIndex((m) => m.ID === ID);
      const tags = Tags && Tags.some((t) => !state.tags.includes(t)) ? mergeTags(state.tags, Tags) : state.tags;
      if (index < 0) return tags === state.tags ? state : { ...state, tags };
      const old = state.messages[index]!;
      const updated = { ...old, ...(Read === undefined ? {} : { Read }), ...(Tags ? { Tags } : {}) };
      const messages = state.messages.slice();
      messages[index] = updated;
      const unread = state.unread + (old.Read === updated.Read ? 0 : updated.Read ? -1 : 1);
      return { ...state, messages, tags, unread: Math.max(0, unread) };
    }
    case 'delete': {
      const { ID } = frame.Data;
      const gone = new Set(state.gone).add(ID);
      const old = state.messages.find((m) => m.ID === ID);
      if (!old) return { ...state, gone };
      return {
        ...state,
        gone,
        messages: state.messages.filter((m) => m.ID !== ID),
        count: Math.max(0, state.count - 1),
        total: Math.max(0, state.total - 1),
        unread: Math.max(0, state.unread - (old.Read ? 0 : 1)),
      };
    }
    case 'truncate':
      return { ...state, messages: [], count: 0, total: 0, unread: 0, tags: [], gone: new Set() };
    case 'prune':
    case 'error':
      // prune: the caller reloads; error: shown by the caller, not part of the inbox.
      return state;
  }
}

function mergeTags(known: string[], more: string[]): string[] {
  return [...new Set([...known, ...more])].sort((a, b) => a.localeCompare(b));
}

function dedupe(messages: MessageSummary[]): MessageSummary[] {
  const seen = new Set<string>();
  return messages.filter((m) => !seen.has(m.ID) && (seen.add(m.ID), true));
}
