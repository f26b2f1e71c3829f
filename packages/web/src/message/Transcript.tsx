import { fetchTranscript } from '../api';
import { Loaded } from './Loaded';
import { useFetched } from './useFetched';

/** The SMTP dialogue that delivered the message, as the server recorded it. */
export function Transcript({ id }: { id: string }) {
  const transcript = useFetched(id, (signal) => fetchTranscript(id, signal));
  return (
    <Loaded fetched={transcript} what="the transcript">
      {(text) =>
        text === '' ? (
          <p className="muted">No SMTP transcript was recorded for this message (it may have come through the API or an import).</p>
        ) : (
          <pre className="transcript" aria-label="SMTP transcript">{text}</pre>
        )}
    </Loaded>
  );
}
