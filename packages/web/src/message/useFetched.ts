/**
 * Loads something for the message on screen. `key` names what is loaded: a new key cancels the
 * older request and loads again; `null` loads nothing (yet).
 */
import { useEffect, useRef, useState } from 'react';

export type Fetched<T> =
  | { status: 'loading' }
  | { status: 'done'; value: T }
  | { status: 'failed'; error: string; notFound: boolean };

export function useFetched<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Fetched<T> {
  const [result, setResult] = useState<{ key: string | null; fetched: Fetched<T> }>({ key: null, fetched: { status: 'loading' } });
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (value) => !controller.signal.aborted && setResult({ key, fetched: { status: 'done', value } }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const status = (err as { status?: unknown } | null)?.status;
        const error = err instanceof Error ? err.message : String(err);
        setResult({ key, fetched: { status: 'failed', error, notFound: status === 404 } });
      },
    );
    return () => controller.abort();
  }, [key]);
  return result.key === key ? result.fetched : { status: 'loading' };
}
