import { fetchParts, messageUrls, type MimePart } from '../api';
import { formatSize } from '../format';
import { Loaded } from './Loaded';
import { useFetched } from './useFetched';

export function MimeTree({ id }: { id: string }) {
  const parts = useFetched(id, (signal) => fetchParts(id, signal));
  return (
    <Loaded fetched={parts} what="the MIME structure">
      {(tree) => (tree.length ? <PartList id={id} parts={tree} label="MIME structure" /> : <p className="muted">No MIME parts.</p>)}
    </Loaded>
  );
}

function PartList({ id, parts, label }: { id: string; parts: MimePart[]; label?: string }) {
  return (
    <ul className="mime-tree" aria-label={label}>
      {parts.map((part, i) => (
        <li key={`${part.PartID}-${i}`}>
          <span className="mime-type">{part.ContentType || 'text/plain'}</span>
          {part.FileName && <span className="mime-name"> {part.FileName}</span>}
          <span className="muted"> {formatSize(part.Size)}</span>
          {part.PartID && part.Children.length === 0 && (
            <>
              {' '}
              <a href={messageUrls.part(id, part.PartID)} download={part.FileName || undefined}>
                part {part.PartID}
              </a>
            </>
          )}
          {part.Children.length > 0 && <PartList id={id} parts={part.Children} />}
        </li>
      ))}
    </ul>
  );
}
