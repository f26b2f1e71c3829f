import type { EventBus } from '../events.js';

/** Counters for Mailpit's /api/v1/info RuntimeStats, fed by the event bus. */
export class RuntimeStats {
  readonly startedAt = Date.now();
  smtpAccepted = 0;
  smtpAcceptedSize = 0;
  smtpRejected = 0;
  messagesDeleted = 0;

  constructor(bus: EventBus) {
    bus.on('new', (r) => {
      if (r.envelope.protocol === 'HTTP') return;
      this.smtpAccepted++;
      this.smtpAcceptedSize += r.size;
    });
    bus.on('delete', () => this.messagesDeleted++);
    bus.on('error', () => this.smtpRejected++);
  }

  get uptimeSeconds(): number {
    return Math.floor((Date.now() - this.startedAt) / 1000);
  }
}
