/** One message: who, what and when, its actions, tags, attachments, and a tab per way to read it. */
import { useEffect, useState, type ReactNode } from 'react';
import { fetchMessage, messageUrls, type Address, type Message, type MessageSummary } from '../api';
import { formatAddress, formatFullTime, formatSize } from '../format';
import { AttachmentList } from './AttachmentList';
import { EnvelopeView } from './EnvelopeView';
import { HeadersTable } from './HeadersTable';
import { HtmlPreview } from './HtmlPreview';
import { Loaded } from './Loaded';
import { MimeTree } from './MimeTree';
import { RawSource } from './RawSource';
import { TagEditor } from './TagEditor';
import { Transcript } from './Transcript';
import { useFetched } from './useFetched';

const TABS = [
  { key: 'html', label: 'HTML' },
  { key: 'text', label: 'Text' },
  { key: 'headers', label: 'Headers' },
  { key: 'raw', label: 'Source' },
  { key: 'mime', label: 'MIME' },
  { key: 'envelope', label: 'Envelope' },
  { key: 'transcript', label: 'Transcript' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

export interface MessageViewProps {
  id: string;
  /** The message as the live list knows it (read state and tags follow the WebSocket). */
  summary: MessageSummary | undefined;
  onClose(): void;
  onDelete(id: string): void;
  onMarkRead(id: string, read: boolean): void;
  onSetTags(id: string, tags: string[]): void;
  /** The server marked it read by serving it. */
  onSeen(id: string): void;
}

export function MessageView(props: MessageViewProps) {
  const { id, onSeen } = props;
  // Fetching the message marks it read on the server.
  const message = useFetched(id, (signal) => fetchMessage(id, signal));
  const loaded = message.status === 'done';
  useEffect(() => {
    if (loaded) onSeen(id);
  }, [loaded, id, onSeen]);

  return (
    <article className="message-view" aria-label="Message">
      {message.status === 'failed' && message.notFound ? (
        <div className="message-missing">
          <p>This message no longer exists.</p>
          <button type="button" onClick={props.onClose}>Back to inbox</button>
        </div>
      ) : (
        <Loaded fetched={message} what="the message">
          {(m) => <MessageBody {...props} message={m} />}
        </Loaded>
      )}
    </article>
  );
}

function MessageBody({ id, message: m, summary, onClose, onDelete, onMarkRead, onSetTags }: MessageViewProps & { message: Message }) {
  const [tab, setTab] = useState<TabKey>('html');
  const [ownTags, setOwnTags] = useState<string[] | null>(null);
  const tags = summary?.Tags ?? ownTags ?? m.Tags;
  const read = summary?.Read ?? true;
  const shown: TabKey = tab === 'html' && !m.HTML ? 'text' : tab;
  const tabs = TABS.filter((t) => t.key !== 'html' || m.HTML);

  return (
    <>
      <header className="message-header">
        <div className="message-actions" role="toolbar" aria-label="Message actions">
          <button type="button" className="back" onClick={onClose} aria-label="Back to inbox" title="Back (Esc)">← Inbox</button>
          <button type="button" onClick={() => onMarkRead(id, !read)}>{read ? 'Mark unread' : 'Mark read'}</button>
          <a className="button" href={messageUrls.download(id)} download={`${id}.eml`}>Download .eml</a>
          <button type="button" className="danger" onClick={() => onDelete(id)} title="Delete (Del)">Delete</button>
        </div>
        <h2 className="message-subject">{m.Subject || '(no subject)'}</h2>
        <dl className="message-meta">
          <Field label="From" value={formatAddress(m.From) || '(no sender)'} />
          <AddressField label="To" list={m.To} />
          <AddressField label="Cc" list={m.Cc} />
          <AddressField label="Bcc" list={m.Bcc} />
          <AddressField label="Reply-To" list={m.ReplyTo} />
          <Field label="Date" value={<time dateTime={m.Date}>{formatFullTime(m.Date)}</time>} />
          <Field label="Size" value={formatSize(m.Size)} />
        </dl>
        <TagEditor
          tags={tags}
          onChange={(next) => {
            setOwnTags(next);
            onSetTags(id, next);
          }}
        />
        <AttachmentList id={id} attachments={m.Attachments} inline={m.Inline} />
      </header>
      <div role="tablist" aria-label="View" className="tabs" onKeyDown={(e) => {
        // The tab pattern: arrows move between tabs, only the selected one is in the Tab order.
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (!step) return;
        const index = tabs.findIndex((t) => t.key === shown);
        const next = tabs[(index + step + tabs.length) % tabs.length]!;
        setTab(next.key);
        document.getElementById(`tab-${next.key}`)?.focus();
      }}>
        {tabs.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            id={`tab-${t.key}`}
            aria-selected={shown === t.key}
            aria-controls="message-tabpanel"
            tabIndex={shown === t.key ? 0 : -1}
            onClick={() => setTab(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="message-tabpanel" aria-labelledby={`tab-${shown}`} className={`tabpanel tabpanel-${shown}`}>
        {shown === 'html' && <HtmlPreview id={id} html={m.HTML} />}
        {shown === 'text' && (m.Text ? <pre className="plain-text">{m.Text}</pre> : <p className="muted">This message has no text part.</p>)}
        {shown === 'headers' && <HeadersTable id={id} />}
        {shown === 'raw' && <RawSource id={id} />}
        {shown === 'mime' && <MimeTree id={id} />}
        {shown === 'envelope' && <EnvelopeView id={id} to={m.To} cc={m.Cc} />}
        {shown === 'transcript' && <Transcript id={id} />}
      </div>
    </>
  );
}

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="meta-row">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function AddressField({ label, list }: { label: string; list: Address[] }) {
  if (list.length === 0) return null;
  return <Field label={label} value={list.map(formatAddress).join(', ')} />;
}
