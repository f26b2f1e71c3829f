/**
 * The live inbox: loads pages over REST, follows the WebSocket, resyncs after every reconnect,
 * and performs the user's actions. Errors go to `notify`, never to the console alone.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import * as api from '../api';
import type { ConnectionState, LiveFrame, MessageSummary, SmtpError } from '../api';
import { hasMore, initialMailbox, mailboxReducer, type MailboxState } from './state';

const PAGE_SIZE = 100;
/** Re-read this many already-loaded messages with each page, in case some were deleted meanwhile. */
const PAGE_OVERLAP = 10;
/** A resync reloads what was loaded, up to this many. */
const MAX_RELOAD = 1000;
const FRAME_BATCH_MS = 30;
const REFRESH_DELAY_MS = 300;
/** How long totals may disagree (frames can be late under load) before the list is reloaded. */
const OUT_OF_STEP_DELAY_MS = 1000;

export interface MailboxOptions {
  notify(text: string): void;
  /** New messages as they arrive over the WebSocket (for browser notifications). */
  onNew?(messages: MessageSummary[]): void;
  /** An SMTP error the server reported. */
  onSmtpError?(error: SmtpError): void;
  /** Messages deleted by someone else (another page, the API, retention): 'all' after a truncate. */
  onGone?(IDs: string[] | 'all'): void;
}

export interface Mailbox {
  state: MailboxState;
  connection: ConnectionState;
  hasMore: boolean;
  loadMore(): void;
  search(query: string): void;
  remove(IDs: string[]): Promise<boolean>;
  removeAll(): Promise<void>;
  markRead(IDs: string[], read: boolean): Promise<void>;
  markAllRead(): Promise<void>;
  setTags(ID: string, tags: string[]): Promise<void>;
  /** The server marked a message read by serving it; reflect that before its frame arrives. */
  seen(ID: string): void;
}

export function useMailbox(options: MailboxOptions): Mailbox {
  const [state, dispatch] = useReducer(mailboxReducer, initialMailbox);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const stateRef = useRef(state);
  stateRef.current = state;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const generation = useRef(0);
  const loadingMore = useRef(false);
  /** IDs this page is deleting right now ('*' while deleting all). */
  const ownDeletes = useRef(new Set<string>());

  const report = useCallback((err: unknown) => {
    if (err instanceof DOMException && err.name === 'AbortError') return;
    optionsRef.current.notify(err instanceof Error ? err.message : String(err));
  }, []);

  const reload = useCallback((query: string, keep: boolean) => {
    const gen = ++generation.current;
    const loaded = keep ? stateRef.current.messages.length : 0;
    dispatch({ type: 'reload', generation: gen, query, keep });
    api.fetchPage({ query, start: 0, limit: Math.min(MAX_RELOAD, Math.max(PAGE_SIZE, loaded)) }).then(
      (page) => dispatch({ type: 'reloaded', generation: gen, page }),
      (err: unknown) => {
        dispatch({ type: 'reload-failed', generation: gen });
        report(err);
      },
    );
  }, [report]);

  const loadMore = useCallback(() => {
    const current = stateRef.current;
    if (loadingMore.current || current.reloading || !hasMore(current)) return;
    loadingMore.current = true;
    const gen = current.generation;
    const start = Math.max(0, current.messages.length - PAGE_OVERLAP);
    api.fetchPage({ query: current.query, start, limit: PAGE_SIZE + PAGE_OVERLAP })
      .then((page) => dispatch({ type: 'page', generation: gen, page }), report)
      .finally(() => (loadingMore.current = false));
  }, [report]);

  // Live frames: batched so a burst of mail renders once per batch, not once per message.
  useEffect(() => {
    let queue: LiveFrame[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let reloadTimer: ReturnType<typeof setTimeout> | undefined;
    let tagsTimer: ReturnType<typeof setTimeout> | undefined;

    // Throttled, not debounced: under a steady stream of mail these still run.
    const reloadSoon = () => {
      reloadTimer ??= setTimeout(() => {
        reloadTimer = undefined;
        reload(stateRef.current.query, true);
      }, REFRESH_DELAY_MS);
    };
    // Tags only ever grow from frames; a removed tag's disappearance needs the server's list.
    const refreshTagsSoon = () => {
      tagsTimer ??= setTimeout(() => {
        tagsTimer = undefined;
        api.fetchTags().then((tags) => dispatch({ type: 'tags', tags }), report);
      }, REFRESH_DELAY_MS);
    };

    const flush = () => {
      flushTimer = undefined;
      const frames = queue;
      queue = [];
      dispatch({ type: 'frames', frames });
      const fresh = frames.flatMap((f) => (f.Type === 'new' ? [f.Data] : []));
      if (fresh.length) optionsRef.current.onNew?.(fresh);
      for (const f of frames) if (f.Type === 'error') optionsRef.current.onSmtpError?.(f.Data);
      // Deletes of this page's own (whose frames can beat the HTTP reply) are not news to it.
      const deleted = frames.flatMap((f) => (f.Type === 'delete' && !ownDeletes.current.has(f.Data.ID) ? [f.Data.ID] : []));
      if (frames.some((f) => f.Type === 'truncate')) {
        if (!ownDeletes.current.has('*')) optionsRef.current.onGone?.('all');
      } else if (deleted.length) {
        optionsRef.current.onGone?.(deleted);
      }
      // A search's matches among new mail, and what retention removed, only the server knows.
      const searching = stateRef.current.query !== '';
      if (frames.some((f) => f.Type === 'prune') || (searching && fresh.length)) reloadSoon();
      if (frames.some((f) => f.Type === 'update' && f.Data.Tags)) refreshTagsSoon();
    };

    const stop = api.connectLive({
      onFrame(frame) {
        queue.push(frame);
        flushTimer ??= setTimeout(flush, FRAME_BATCH_MS);
      },
      // Mail that arrived before the socket was open (or while it was down) came with no frame.
      onOpen: () => reload(stateRef.current.query, true),
      onState: setConnection,
    });
    reload('', false);
    return () => {
      stop();
      clearTimeout(flushTimer);
      clearTimeout(reloadTimer);
      clearTimeout(tagsTimer);
    };
  }, [reload, report]);

  // Changes that came without frames: reload what is shown (once the burst is over).
  useEffect(() => {
    if (!state.outOfStep) return;
    const timer = setTimeout(() => reload(stateRef.current.query, true), OUT_OF_STEP_DELAY_MS);
    return () => clearTimeout(timer);
  }, [state.outOfStep, reload]);

  const apply = (frames: LiveFrame[]) => dispatch({ type: 'frames', frames });

  const actions = useMemo(() => ({
    seen(ID: string) {
      if (stateRef.current.messages.some((m) => m.ID === ID && !m.Read)) apply([{ Type: 'update', Data: { ID, Read: true } }]);
    },
    search(query: string) {
      reload(query.trim(), false);
    },
    async remove(IDs: string[]) {
      for (const ID of IDs) ownDeletes.current.add(ID);
      try {
        await api.deleteMessages(IDs);
        apply(IDs.map((ID) => ({ Type: 'delete', Data: { ID } })));
        return true;
      } catch (err) {
        report(err);
        return false;
      } finally {
        for (const ID of IDs) ownDeletes.current.delete(ID);
      }
    },
    async removeAll() {
      ownDeletes.current.add('*');
      try {
        await api.deleteAllMessages();
        apply([{ Type: 'truncate' }]);
      } catch (err) {
        report(err);
      } finally {
        ownDeletes.current.delete('*');
      }
    },
    // Read state and tags change on screen at once, and change back if the server refuses.
    async markRead(IDs: string[], read: boolean) {
      const before = stateRef.current.messages.filter((m) => IDs.includes(m.ID));
      apply(IDs.map((ID) => ({ Type: 'update', Data: { ID, Read: read } })));
      try {
        await api.setRead(IDs, read);
      } catch (err) {
        apply(before.map((m) => ({ Type: 'update', Data: { ID: m.ID, Read: m.Read } })));
        report(err);
      }
    },
    async markAllRead() {
      try {
        await api.setAllRead();
        const { messages, total } = stateRef.current;
        apply([
          ...messages.filter((m) => !m.Read).map((m): LiveFrame => ({ Type: 'update', Data: { ID: m.ID, Read: true } })),
          { Type: 'stats', Data: { Total: total, Unread: 0 } },
        ]);
      } catch (err) {
        report(err);
      }
    },
    async setTags(ID: string, tags: string[]) {
      const before = stateRef.current.messages.find((m) => m.ID === ID)?.Tags;
      apply([{ Type: 'update', Data: { ID, Tags: tags } }]);
      try {
        await api.setTags([ID], tags);
        api.fetchTags().then((all) => dispatch({ type: 'tags', tags: all }), report);
      } catch (err) {
        if (before) apply([{ Type: 'update', Data: { ID, Tags: before } }]);
        report(err);
      }
    },
  }), [reload, report]);

  return { state, connection, hasMore: hasMore(state), loadMore, ...actions };
}
