/**
 * Parsers for the value formats every option shares (DESIGN.md, Configuration): host:port pairs,
 * durations (`30s`, `15m`, `12h`, `7d`), sizes (`10KB`, `50MB`, `1GiB`) and counts. Each throws a
 * plain Error whose message says what was expected; the caller adds the option's name.
 */
import net from 'node:net';

export interface HostPort {
  host: string;
  port: number;
}

const DEFAULT_HOST = '127.0.0.1';

/** `HOST:PORT`, `[IPv6]:PORT`, or `:PORT` / `PORT` (loopback). Port 0 picks a free port. */
export function parseHostPort(value: string): HostPort {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*))?:?(\d+)$/.exec(value.trim());
  if (!m) throw new Error(`"${value}" is not HOST:PORT (for example 127.0.0.1:1025 or 0.0.0.0:1025)`);
  const host = m[1] ?? m[2] ?? '';
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`port ${port} is out of range (0-65535)`);
  if (m[1] !== undefined && net.isIPv6(m[1]) === false) throw new Error(`"${m[1]}" is not an IPv6 address`);
  if (host !== '' && m[1] === undefined && !net.isIPv4(host) && !/^[A-Za-z0-9.-]+$/.test(host)) {
    throw new Error(`"${host}" is not a host name or IP address`);
  }
  return { host: host === '' ? DEFAULT_HOST : host, port };
}

export function formatHostPort({ host, port }: HostPort): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A whole number >= 0. */
export function parseCount(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new Error(`"${value}" is not a whole number (0 or more)`);
  const n = Number(value.trim());
  if (!Number.isSafeInteger(n)) throw new Error(`"${value}" is too large`);
  return n;
}

const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `0`, or a number with a unit: `500ms`, `30s`, `15m`, `12h`, `7d`. Returns milliseconds. */
export function parseDuration(value: string): number {
  const v = value.trim();
  if (v === '0') return 0;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(v);
  if (!m) throw new Error(`"${value}" is not a duration (use 0 or a number with ms, s, m, h or d: 30s, 15m, 12h, 7d)`);
  const ms = Number(m[1]) * DURATION_UNITS_MS[m[2]!]!;
  if (!Number.isFinite(ms) || ms > 2 ** 31 - 1) throw new Error(`"${value}" is too long (at most 24d)`);
  return Math.round(ms);
}

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** Bytes, or a number with a unit: `10KB`, `50MB`, `1GiB` (KB/MB/GB decimal, KiB/MiB/GiB binary). */
export function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = SIZE_UNITS[(m?.[2] || 'b').toLowerCase()];
  if (!m || unit === undefined) {
    throw new Error(`"${value}" is not a size (use bytes or a number with KB, MB, GB, KiB, MiB or GiB: 10KB, 50MiB)`);
  }
  const bytes = Math.floor(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes)) throw new Error(`"${value}" is too large`);
  return bytes;
}

export function formatSize(bytes: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}

export function parseChoice<T extends string>(choices: readonly T[]) {
  return (value: string): T => {
    const v = value.trim().toLowerCase();
    const found = choices.find((c) => c === v);
    if (!found) throw new Error(`"${value}" is not one of ${choices.join(', ')}`);
    return found;
  };
}
