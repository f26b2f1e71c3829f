import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';

describe('option formats', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['12h', 43_200_000],
    ['7d', 604_800_000],
    ['500ms', 500],
    ['0', 0],
  ])('duration %s', (value, ms) => {
    expect(parseConfig(['--max-age', value], {}).maxAgeMs).toBe(ms);
  });

  it.each([
    ['0', 0],
    ['1234', 1234],
    ['10KB', 10_000],
    ['50MB', 50_000_000],
    ['50MiB', 52_428_800],
    ['1GiB', 1_073_741_824],
    ['2kib', 2048],
  ])('size %s', (value, bytes) => {
    expect(parseConfig(['--max-message-size', value], {}).maxMessageSize).toBe(bytes);
  });

  it.each([
    ['127.0.0.1:2525', { host: '127.0.0.1', port: 2525 }],
    ['0.0.0.0:1025', { host: '0.0.0.0', port: 1025 }],
    ['[::1]:1025', { host: '::1', port: 1025 }],
    [':2525', { host: '127.0.0.1', port: 2525 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
  ])('address %s', (value, hostPort) => {
    expect(parseConfig(['--smtp', value], {}).smtp).toEqual(hostPort);
  });

  it('has the documented defaults', () => {
    const c = parseConfig([], { XDG_DATA_HOME: '/xdg' });
    expect(c).toMatchObject({
      smtp: { host: '127.0.0.1', port: 1025 },
      listen: { host: '127.0.0.1', port: 8025 },
      dataDir: '/xdg/mailsink',
      maxMessages: 10_000,
      maxAgeMs: 0,
      maxMessageSize: 50 * 1024 * 1024,
      maxRecipients: 1000,
      maxConnections: 1000,
      smtpTimeoutMs: 300_000,
      logLevel: 'info',
    });
  });

  it('reads MAILSINK_* variables and lets flags win', () => {
    const c = parseConfig(['--max-messages', '7'], { MAILSINK_MAX_MESSAGES: '3', MAILSINK_MAX_AGE: '1h', MAILSINK_SMTP: '0.0.0.0:25' });
    expect(c.maxMessages).toBe(7);
    expect(c.maxAgeMs).toBe(3_600_000);
    expect(c.smtp).toEqual({ host: '0.0.0.0', port: 25 });
  });

  it('accepts --flag=value', () => {
    expect(parseConfig(['--max-recipients=5'], {}).maxRecipients).toBe(5);
  });
});
