export { NoticeProvider, useNotify } from './Notices';
export { SearchBox } from './SearchBox';
export { ConnectionStatus } from './ConnectionStatus';
export { TagSidebar, tagQuery } from './TagSidebar';
export { EmptyInbox } from './EmptyInbox';
export { ErrorBoundary } from './ErrorBoundary';
