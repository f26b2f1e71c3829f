/**
 * The bytes of unfinished messages that all sessions of a listener may hold in memory at once.
 * Without it the bound is maxConnections x maxMessageSize; with it, a message that would go past
 * the budget is read to its end without being kept and refused with 452 4.3.1 (try again later).
 */
export class ByteBudget {
  private used = 0;

  /** @param limit bytes, 0 = unlimited */
  constructor(readonly limit: number) {}

  take(bytes: number): boolean {
    if (this.limit > 0 && this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used -= bytes;
  }

  get exhausted(): boolean {
    return this.limit > 0 && this.used >= this.limit;
  }

  get inUse(): number {
    return this.used;
  }
}
