import type { ReactNode } from 'react';
import type { Fetched } from './useFetched';

/** Renders a fetched value, or where it stands: loading, or why it failed. */
export function Loaded<T>({ fetched, what, children }: { fetched: Fetched<T>; what: string; children(value: T): ReactNode }) {
  if (fetched.status === 'loading') return <p className="muted" aria-busy="true">Loading {what}…</p>;
  if (fetched.status === 'failed') return <p className="muted" role="alert">Could not load {what}: {fetched.error}</p>;
  return <>{children(fetched.value)}</>;
}
