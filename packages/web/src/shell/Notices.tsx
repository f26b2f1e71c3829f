/** Small non-blocking notices (API errors, SMTP errors) that fade on their own. */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

const SHOWN_MS = 8000;
const MAX_SHOWN = 4;

interface Notice {
  id: number;
  text: string;
}

const NotifyContext = createContext<(text: string) => void>(() => {});

export function useNotify(): (text: string) => void {
  return useContext(NotifyContext);
}

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);
  const notify = useCallback((text: string) => {
    const id = nextId.current++;
    setNotices((list) => [...list.filter((n) => n.text !== text), { id, text }].slice(-MAX_SHOWN));
    setTimeout(() => dismiss(id), SHOWN_MS);
  }, [dismiss]);
  const value = useMemo(() => notify, [notify]);
  return (
    <NotifyContext.Provider value={value}>
      {children}
      <div className="notices" role="status" aria-live="polite" aria-label="Notices">
        {notices.map((n) => (
          <div key={n.id} className="notice">
            <span>{n.text}</span>
            <button type="button" aria-label="Dismiss notice" onClick={() => dismiss(n.id)}>×</button>
          </div>
        ))}
      </div>
    </NotifyContext.Provider>
  );
}
