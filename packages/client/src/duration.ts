/** How long `waitForMessage` asks the server to wait: a number of milliseconds or a duration string. */
export type WaitTimeout = number | string;

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** The server's default and ceiling for a wait. */
export const DEFAULT_WAIT_MS = 30_000;
export const MAX_WAIT_MS = 5 * 60_000;

/**
 * The `timeout` query value for the server and about how long that is. A string the client does not
 * understand goes to the server as it is (it answers 400 with its reason).
 */
export function waitDuration(timeout: WaitTimeout | undefined): { query: string | undefined; ms: number } {
  if (timeout === undefined) return { query: undefined, ms: DEFAULT_WAIT_MS };
  if (typeof timeout === 'number') {
    if (!Number.isFinite(timeout) || timeout < 0) {
      throw new RangeError(`timeout must be a number of milliseconds >= 0, got ${timeout}`);
    }
    const ms = Math.ceil(timeout);
    return { query: `${ms}ms`, ms };
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/i.exec(timeout);
  if (!match) return { query: timeout, ms: MAX_WAIT_MS };
  const unit = match[2]!.toLowerCase() as keyof typeof UNIT_MS;
  return { query: timeout.trim(), ms: Number(match[1]) * UNIT_MS[unit] };
}
