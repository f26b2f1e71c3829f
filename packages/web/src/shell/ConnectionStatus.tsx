import type { ConnectionState } from '../api';

const TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  offline: 'Reconnecting…',
};

/** A dot that is quiet while live, and says so when updates are not flowing. */
export function ConnectionStatus({ state }: { state: ConnectionState }) {
  return (
    <span className={`connection connection-${state}`} role="status" aria-label={`Live updates: ${TEXT[state]}`} title={`Live updates: ${TEXT[state]}`}>
      <span className="connection-dot" aria-hidden="true" />
      {state !== 'live' && <span className="connection-text">{TEXT[state]}</span>}
    </span>
  );
}
