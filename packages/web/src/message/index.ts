export { MessageView, type MessageViewProps } from './MessageView';
