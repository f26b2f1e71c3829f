/** Keyboard navigation: j/k move, Enter opens, Delete deletes, / searches, Esc goes back. */
import { useEffect, useRef } from 'react';

export interface KeyActions {
  move(step: 1 | -1): void;
  open(): void;
  remove(): void;
  focusSearch(): void;
  back(): void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useKeyboard(actions: KeyActions): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const a = ref.current;
      const onControl = event.target instanceof HTMLElement && event.target.closest('button, a, [role="tab"]');
      switch (event.key) {
        case 'j':
          a.move(1);
          break;
        case 'k':
          a.move(-1);
          break;
        case 'Enter':
          // Enter on a button or link (a list row included) is that control's own.
          if (onControl) return;
          a.open();
          break;
        case 'Delete':
          a.remove();
          break;
        case '/':
          a.focusSearch();
          break;
        case 'Escape':
          a.back();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
