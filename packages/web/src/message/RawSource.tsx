import { fetchRaw, messageUrls } from '../api';
import { Loaded } from './Loaded';
import { useFetched } from './useFetched';

/** Past this, the page shows the start and offers the download: a DOM with 50 MB of text crawls. */
const SHOWN_CHARS = 2_000_000;

export function RawSource({ id }: { id: string }) {
  const raw = useFetched(id, (signal) => fetchRaw(id, signal));
  return (
    <Loaded fetched={raw} what="the source">
      {(text) => (
        <>
          {text.length > SHOWN_CHARS && (
            <p className="muted">
              Showing the first {SHOWN_CHARS.toLocaleString()} characters. <a href={messageUrls.download(id)} download>Download the whole message</a>.
            </p>
          )}
          <pre className="raw-source" aria-label="Message source">{text.slice(0, SHOWN_CHARS)}</pre>
        </>
      )}
    </Loaded>
  );
}
