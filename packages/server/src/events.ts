import { EventEmitter } from 'node:events';
import type { MessageRecord } from './store/record.js';

/** An SMTP-side problem worth showing to the person watching the inbox. */
export interface SmtpErrorEvent {
  Level: 'warn' | 'error';
  Type: string;
  IP: string;
  Message: string;
}

/** Everything the store announces; the API and the WebSocket listen, nothing else talks back. */
export interface BusEvents {
  new: [record: MessageRecord];
  update: [change: { id: string; read?: boolean; tags?: string[] }];
  delete: [change: { id: string }];
  truncate: [];
  prune: [change: { ids: string[]; reason: 'max-messages' | 'max-age' }];
  error: [event: SmtpErrorEvent];
}

export class EventBus extends EventEmitter<BusEvents> {
  constructor() {
    super();
    // Every WebSocket client and every waiting request listens; there is no fixed upper bound.
    this.setMaxListeners(0);
  }
}
