/** Small line icons as inline SVG: no icon font, no emoji (which some systems lack). */
import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false"
      fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      {children}
    </svg>
  );
}

export const PaperclipIcon = () => (
  <Icon><path d="M21 11.5 12.5 20a5 5 0 0 1-7-7L14 4.5a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7.5" /></Icon>
);

export const BellIcon = ({ off }: { off: boolean }) => (
  <Icon>
    <path d="M18 16H6l1.5-2V10a4.5 4.5 0 0 1 9 0v4z" />
    <path d="M10 19a2 2 0 0 0 4 0" />
    {off && <path d="M4 4l16 16" />}
  </Icon>
);

export const ThemeIcon = ({ theme }: { theme: 'system' | 'light' | 'dark' }) => (
  <Icon>
    {theme === 'light' && (
      <>
        <circle cx="12" cy="12" r="4" />
        <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
      </>
    )}
    {theme === 'dark' && <path d="M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5z" />}
    {theme === 'system' && (
      <>
        <circle cx="12" cy="12" r="8" />
        <path d="M12 4a8 8 0 0 1 0 16z" fill="currentColor" />
      </>
    )}
  </Icon>
);
