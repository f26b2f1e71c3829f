/** Opt-in desktop notifications for new mail, shown while the page is in the background. */
import type { MessageSummary } from '../api';
import { shortAddress } from '../format';
import { loadSetting, saveSetting } from './storage';

const KEY = 'mailsink.notifications';

export function notificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

export function notificationsWanted(): boolean {
  return notificationsSupported() && loadSetting(KEY) === 'on' && Notification.permission === 'granted';
}

/** Asks for permission when turning on; resolves with whether notifications are now on. */
export async function setNotificationsWanted(on: boolean): Promise<boolean> {
  if (!on || !notificationsSupported()) {
    saveSetting(KEY, null);
    return false;
  }
  const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
  saveSetting(KEY, permission === 'granted' ? 'on' : null);
  return permission === 'granted';
}

export function notifyNewMail(messages: MessageSummary[], onClick: (id: string) => void): void {
  if (messages.length === 0 || document.visibilityState === 'visible' || !notificationsWanted()) return;
  const first = messages[0]!;
  const notification =
    messages.length === 1
      ? new Notification(first.Subject || '(no subject)', { body: `From ${shortAddress(first.From) || '(no sender)'}`, tag: 'mailsink' })
      : new Notification(`${messages.length} new messages`, { body: first.Subject, tag: 'mailsink' });
  notification.onclick = () => {
    window.focus();
    if (messages.length === 1) onClick(first.ID);
    notification.close();
  };
}
