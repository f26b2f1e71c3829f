/** The page: top bar, tags, the live list and the open message, wired to the mailbox. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchWebUi, type WebUiInfo } from './api';
import {
  applyTheme, nextTheme, notificationsSupported, notificationsWanted, notifyNewMail, savedTheme,
  setNotificationsWanted, showUnread, type ThemeChoice,
} from './browser';
import { BellIcon, ThemeIcon } from './icons';
import { useKeyboard } from './keyboard';
import { MessageList, useMailbox } from './mailbox';
import { MessageView } from './message';
import { useOpenMessage } from './route';
import { ConnectionStatus, EmptyInbox, ErrorBoundary, NoticeProvider, SearchBox, TagSidebar, useNotify } from './shell';

export function App() {
  return (
    <NoticeProvider>
      <Inbox />
    </NoticeProvider>
  );
}

function Inbox() {
  const notify = useNotify();
  const [openId, navigate] = useOpenMessage();
  const [selectedId, setSelectedId] = useState<string | null>(openId);
  const [info, setInfo] = useState<WebUiInfo | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const openIdRef = useRef(openId);
  openIdRef.current = openId;

  const mailbox = useMailbox({
    notify,
    onNew: (messages) => notifyNewMail(messages, (id) => navigate(id)),
    onSmtpError: (e) => notify(`SMTP ${e.Level || 'error'}${e.IP ? ` from ${e.IP}` : ''}: ${e.Message || e.Type}`),
    onGone: (IDs) => {
      const open = openIdRef.current;
      if (open && (IDs === 'all' || IDs.includes(open))) {
        navigate(null);
        notify('The open message was deleted.');
      }
    },
  });
  const { state } = mailbox;

  useEffect(() => {
    fetchWebUi().then(setInfo, () => {}); // optional: defaults stand without it
  }, []);
  useEffect(() => showUnread(state.unread, info?.Label ?? ''), [state.unread, info]);
  useEffect(() => {
    if (openId) setSelectedId(openId);
  }, [openId]);

  const indexOf = (id: string | null) => (id === null ? -1 : state.messages.findIndex((m) => m.ID === id));

  const remove = async (id: string) => {
    const index = indexOf(id);
    const neighbour = state.messages[index + 1] ?? state.messages[index - 1];
    if (!(await mailbox.remove([id]))) return;
    if (openIdRef.current === id) navigate(null);
    setSelectedId(neighbour?.ID ?? null);
  };

  const search = (query: string) => {
    mailbox.search(query);
    navigate(null);
  };

  useKeyboard({
    move(step) {
      const current = indexOf(openId ?? selectedId);
      const next = state.messages[current < 0 ? 0 : current + step];
      if (!next) return;
      if (openId) navigate(next.ID);
      else setSelectedId(next.ID);
      if (current + step >= state.messages.length - 5) mailbox.loadMore();
    },
    open() {
      if (selectedId && selectedId !== openId) navigate(selectedId);
    },
    remove() {
      const id = openId ?? selectedId;
      if (id) void remove(id);
    },
    focusSearch() {
      searchRef.current?.focus();
      searchRef.current?.select();
    },
    back() {
      if (openId) navigate(null);
    },
  });

  const onSeen = useCallback((id: string) => mailbox.seen(id), [mailbox.seen]);
  const searching = state.query !== '';
  const empty = state.status === 'ready' && state.messages.length === 0 && state.count === 0;

  return (
    <div className={`app${openId ? ' has-message' : ''}`}>
      <header className="topbar">
        <h1 className="brand">
          <a href="#" onClick={(e) => { e.preventDefault(); search(''); }}>mailsink</a>
          {info?.Label && <span className="label">{info.Label}</span>}
        </h1>
        <SearchBox ref={searchRef} query={state.query} onSearch={search} />
        <ConnectionStatus state={mailbox.connection} />
        <MailboxActions
          total={state.total}
          unread={state.unread}
          hideDeleteAll={info?.HideDeleteAllButton ?? false}
          onMarkAllRead={() => void mailbox.markAllRead()}
          onDeleteAll={() => void mailbox.removeAll().then(() => navigate(null))}
        />
        <Preferences notify={notify} />
      </header>
      <TagSidebar tags={state.tags} query={state.query} total={state.total} unread={state.unread} onSearch={search} />
      <main className="list-pane" aria-busy={state.status === 'loading'}>
        {searching && (
          <p className="search-summary" role="status">
            {state.count} {state.count === 1 ? 'message matches' : 'messages match'} <code>{state.query}</code>{' '}
            <button type="button" className="link" onClick={() => search('')}>Clear search</button>
          </p>
        )}
        {state.status === 'failed' && (
          <p className="muted" role="alert">
            The inbox could not be loaded. <button type="button" onClick={() => mailbox.search(state.query)}>Retry</button>
          </p>
        )}
        {empty && !searching && <EmptyInbox info={info} />}
        {empty && searching && <p className="muted">No messages match this search.</p>}
        {!empty && state.status !== 'failed' && (
          <MessageList
            messages={state.messages}
            count={state.count}
            hasMore={mailbox.hasMore}
            loadMore={mailbox.loadMore}
            selectedId={openId ?? selectedId}
            label={searching ? 'Search results' : 'Messages'}
          />
        )}
      </main>
      {openId && (
        <section className="message-pane" aria-label="Open message">
          <ErrorBoundary resetKey={openId}>
            <MessageView
              key={openId}
              id={openId}
              summary={state.messages.find((m) => m.ID === openId)}
              onClose={() => navigate(null)}
              onDelete={(id) => void remove(id)}
              onMarkRead={(id, read) => void mailbox.markRead([id], read)}
              onSetTags={(id, tags) => void mailbox.setTags(id, tags)}
              onSeen={onSeen}
            />
          </ErrorBoundary>
        </section>
      )}
    </div>
  );
}

interface MailboxActionsProps {
  total: number;
  unread: number;
  hideDeleteAll: boolean;
  onMarkAllRead(): void;
  onDeleteAll(): void;
}

function MailboxActions({ total, unread, hideDeleteAll, onMarkAllRead, onDeleteAll }: MailboxActionsProps) {
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="mailbox-actions" role="toolbar" aria-label="Mailbox actions">
      <button type="button" onClick={onMarkAllRead} disabled={unread === 0}>Mark all read</button>
      {!hideDeleteAll &&
        (confirming ? (
          <span className="confirm" role="group" aria-label="Confirm deleting all messages">
            <span>Delete all {total}?</span>
            <button type="button" className="danger" onClick={() => { setConfirming(false); onDeleteAll(); }}>Yes, delete all</button>
            <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
          </span>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} disabled={total === 0}>Delete all</button>
        ))}
    </div>
  );
}

function Preferences({ notify }: { notify(text: string): void }) {
  const [theme, setTheme] = useState<ThemeChoice>(savedTheme);
  const [notifications, setNotifications] = useState(notificationsWanted);
  const toggleNotifications = async () => {
    const on = await setNotificationsWanted(!notifications);
    setNotifications(on);
    if (!notifications && !on) notify('Notifications are blocked by the browser for this page.');
  };
  return (
    <div className="preferences">
      {notificationsSupported() && (
        <button type="button" aria-pressed={notifications} onClick={() => void toggleNotifications()} title="Desktop notifications for new mail">
          <BellIcon off={!notifications} />
          <span className="visually-hidden">Notifications</span>
        </button>
      )}
      <button
        type="button"
        onClick={() => {
          const next = nextTheme(theme);
          applyTheme(next);
          setTheme(next);
        }}
        title={`Theme: ${theme} (click to change)`}
        aria-label={`Theme: ${theme}`}
      >
        <ThemeIcon theme={theme} />
      </button>
    </div>
  );
}
