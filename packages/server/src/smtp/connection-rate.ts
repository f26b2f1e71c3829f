/**
 * Connections per client address per minute, counted in fixed one-minute windows. Windows that
 * have ended are swept once a minute, so the map holds at most the addresses seen in the last two
 * minutes.
 */
const WINDOW_MS = 60_000;

export class ConnectionRate {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep: number;

  /** @param perMinute 0 = unlimited */
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  /** Counts a new connection from `address`; false when it is over the limit. */
  allow(address: string): boolean {
    if (this.perMinute <= 0) return true;
    const now = this.now();
    if (now - this.lastSweep >= WINDOW_MS) this.sweep(now);
    let window = this.windows.get(address);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      this.windows.set(address, window);
    }
    window.count++;
    return window.count <= this.perMinute;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [address, window] of this.windows) if (now - window.start >= WINDOW_MS) this.windows.delete(address);
  }
}
