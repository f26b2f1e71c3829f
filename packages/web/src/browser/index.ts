export { applyTheme, nextTheme, savedTheme, type ThemeChoice } from './theme';
export { showUnread } from './favicon';
export { notificationsSupported, notificationsWanted, notifyNewMail, setNotificationsWanted } from './notifications';
