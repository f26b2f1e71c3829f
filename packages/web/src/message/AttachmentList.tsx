import { messageUrls, type Attachment } from '../api';
import { formatSize } from '../format';

export function AttachmentList({ id, attachments, inline }: { id: string; attachments: Attachment[]; inline: Attachment[] }) {
  const all = [...attachments.map((a) => ({ a, inline: false })), ...inline.map((a) => ({ a, inline: true }))];
  if (all.length === 0) return null;
  return (
    <section className="attachments" aria-label="Attachments">
      <ul>
        {all.map(({ a, inline: isInline }, i) => {
          const name = a.FileName || (isInline ? `inline ${a.ContentID || a.PartID}` : `part ${a.PartID}`);
          return (
            <li key={`${a.PartID}-${i}`} className="attachment">
              {a.ContentType.startsWith('image/') && a.PartID && (
                <img src={messageUrls.thumb(id, a.PartID)} alt={`Preview of ${name}`} width={90} height={60} loading="lazy" />
              )}
              <span className="attachment-info">
                <a href={messageUrls.part(id, a.PartID)} download={a.FileName || true}>{name}</a>
                <span className="muted">
                  {a.ContentType || 'application/octet-stream'} · {formatSize(a.Size)}
                  {isInline ? ' · inline' : ''}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
