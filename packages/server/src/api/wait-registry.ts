import type { EventBus } from '../events.js';
import { matchesSearch, type Term } from '../search/index.js';
import type { MessageRecord } from '../store/index.js';

interface Waiter {
  terms: readonly Term[];
  resolve: (record: MessageRecord | undefined) => void;
  timer: NodeJS.Timeout;
}

/**
 * Requests waiting for a message: one bus listener for all of them, and nothing runs for a waiter
 * until a message arrives or its timer fires, so thousands of idle waiters cost only their memory.
 */
export class WaitRegistry {
  private readonly waiters = new Set<Waiter>();

  constructor(bus: EventBus) {
    bus.on('new', (record) => {
      for (const w of this.waiters) if (matchesSearch(w.terms, record)) this.settle(w, record);
    });
  }

  /** Resolves with the first new message matching `terms`, or undefined after `timeoutMs` or on `signal`. */
  wait(terms: readonly Term[], timeoutMs: number, signal: AbortSignal): Promise<MessageRecord | undefined> {
    return new Promise((resolve) => {
      const waiter: Waiter = { terms, resolve, timer: setTimeout(() => this.settle(waiter, undefined), timeoutMs) };
      this.waiters.add(waiter);
      signal.addEventListener('abort', () => this.settle(waiter, undefined), { once: true });
    });
  }

  get size(): number {
    return this.waiters.size;
  }

  private settle(w: Waiter, record: MessageRecord | undefined): void {
    if (!this.waiters.delete(w)) return;
    clearTimeout(w.timer);
    w.resolve(record);
  }
}
