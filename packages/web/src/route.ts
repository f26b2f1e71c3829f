/**
 * The open message lives in the URL hash (`#/message/ID`): reload keeps it, Back closes it, and
 * the server needs no fallback route for it under any base path.
 */
import { useCallback, useEffect, useState } from 'react';

const PREFIX = '#/message/';

function openIdFromHash(): string | null {
  if (!location.hash.startsWith(PREFIX)) return null;
  try {
    return decodeURIComponent(location.hash.slice(PREFIX.length)) || null;
  } catch {
    return null;
  }
}

export function useOpenMessage(): [string | null, (id: string | null) => void] {
  const [openId, setOpenId] = useState(openIdFromHash);
  useEffect(() => {
    const sync = () => setOpenId(openIdFromHash());
    window.addEventListener('hashchange', sync);
    window.addEventListener('popstate', sync);
    return () => {
      window.removeEventListener('hashchange', sync);
      window.removeEventListener('popstate', sync);
    };
  }, []);
  const navigate = useCallback((id: string | null) => {
    if (id !== null) {
      location.hash = `/message/${encodeURIComponent(id)}`;
    } else if (location.hash) {
      history.pushState(null, '', location.pathname + location.search);
      setOpenId(null);
    }
  }, []);
  return [openId, navigate];
}
