/**
 * Light and dark: the system's choice unless the reader picked one, which is remembered.
 * The stylesheet reads `data-theme` on <html>; without it, prefers-color-scheme decides.
 */
import { loadSetting, saveSetting } from './storage';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'mailsink.theme';

export function savedTheme(): ThemeChoice {
  const value = loadSetting(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function applyTheme(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  saveSetting(KEY, choice === 'system' ? null : choice);
}

export function nextTheme(choice: ThemeChoice): ThemeChoice {
  return choice === 'system' ? 'light' : choice === 'light' ? 'dark' : 'system';
}
