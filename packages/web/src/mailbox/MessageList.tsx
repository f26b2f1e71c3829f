/** The inbox list: virtualised, so 10,000+ messages scroll as smoothly as ten. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef } from 'react';
import type { MessageSummary } from '../api';
import { PaperclipIcon } from '../icons';
import { formatListTime, formatRecipients, formatSize, shortAddress } from '../format';

const ROW_HEIGHT = 76;
/** Start loading the next page this many rows before the end of what is loaded. */
const PREFETCH_ROWS = 30;

export interface MessageListProps {
  messages: MessageSummary[];
  /** All messages in this view, loaded or not. */
  count: number;
  hasMore: boolean;
  loadMore(): void;
  selectedId: string | null;
  label: string;
}

export function MessageList({ messages, count, hasMore, loadMore, selectedId, label }: MessageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = messages.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => messages[index]?.ID ?? 'loader',
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];

  useEffect(() => {
    if (hasMore && last && last.index >= messages.length - PREFETCH_ROWS) loadMore();
  }, [hasMore, last, messages.length, loadMore]);

  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  // Bring a newly selected row into view (only when the selection changes, not when mail arrives).
  useEffect(() => {
    const index = selectedId === null ? -1 : messagesRef.current.findIndex((m) => m.ID === selectedId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedId, virtualizer]);

  // New mail goes on top; a reader scrolled down the list keeps seeing the same rows.
  const firstId = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    const previous = firstId.current;
    firstId.current = messages[0]?.ID;
    const scroller = scrollRef.current;
    if (!scroller || !previous || scroller.scrollTop === 0) return;
    const shift = messages.findIndex((m) => m.ID === previous);
    if (shift > 0) scroller.scrollTop += shift * ROW_HEIGHT;
  }, [messages]);

  return (
    <div ref={scrollRef} className="message-list" role="list" aria-label={label}>
      <div className="message-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const message = messages[item.index];
          return (
            <div
              key={item.key}
              className="message-list-row"
              style={{ transform: `translateY(${item.start}px)`, height: item.size }}
            >
              {message ? (
                <MessageRow message={message} selected={message.ID === selectedId} position={item.index + 1} count={count} />
              ) : (
                <div role="listitem" className="message-row loader" aria-busy="true">Loading more…</div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  message: MessageSummary;
  selected: boolean;
  position: number;
  count: number;
}

const MessageRow = memo(function MessageRow({ message: m, selected, position, count }: RowProps) {
  const from = shortAddress(m.From) || '(no sender)';
  const subject = m.Subject || '(no subject)';
  const state = m.Read ? 'Read' : 'Unread';
  return (
    <div
      role="listitem"
      aria-label={`${state} message from ${from}: ${subject}`}
      aria-setsize={count}
      aria-posinset={position}
      aria-current={selected ? 'true' : undefined}
      data-id={m.ID}
      data-read={m.Read}
      className={`message-row${m.Read ? '' : ' unread'}${selected ? ' selected' : ''}`}
    >
      <a href={`#/message/${encodeURIComponent(m.ID)}`} tabIndex={selected ? 0 : -1} className="message-row-link">
        <span className="row-line">
          <span className="unread-dot" aria-hidden="true" />
          <span className="row-from" title={m.From?.Address}>{from}</span>
          <span className="row-to">to {formatRecipients([...m.To, ...m.Cc, ...m.Bcc]) || '(no recipients)'}</span>
          <time className="row-time" dateTime={m.Created}>{formatListTime(m.Created)}</time>
        </span>
        <span className="row-line">
          <span className="row-subject">{subject}</span>
          {m.Attachments > 0 && (
            <span className="row-attachment" title={`${m.Attachments} attachment${m.Attachments === 1 ? '' : 's'}`}>
              <PaperclipIcon />
              <span className="visually-hidden">has attachments</span>
            </span>
          )}
          <span className="row-size">{formatSize(m.Size)}</span>
        </span>
        <span className="row-line">
          <span className="row-snippet">{m.Snippet}</span>
          {m.Tags.map((t) => (
            <span key={t} className="tag">{t}</span>
          ))}
        </span>
      </a>
    </div>
  );
});
