/** Shared pieces for the store tests: temp data dirs, envelopes, a trivial summarize, log capture. */
import { mkdtemp, open, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Envelope } from '../../src/envelope.js';
import { EventBus } from '../../src/events.js';
import type { Logger } from '../../src/log.js';
import { openStore, type MessageStore, type StoreOptions, type Summary } from '../../src/store/index.js';

export async function makeTempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'mailsink-store-test-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** The raw segment files of a data directory. */
export async function rawSegments(dir: string): Promise<string[]> {
  return (await readdir(path.join(dir, 'raw'))).map((name) => path.join(dir, 'raw', name));
}

/** Writes `bytes` over a file at `offset`, as damage or a lost write would leave it. */
export async function overwrite(file: string, offset: number, bytes: Buffer): Promise<void> {
  const handle = await open(file, 'r+');
  await handle.write(bytes, 0, bytes.length, offset);
  await handle.close();
}

/** As if a crash came before any records document was written: everything comes from the log. */
export async function removeRecordsDocuments(dir: string): Promise<void> {
  for (const name of await readdir(path.join(dir, 'records'))) await rm(path.join(dir, 'records', name));
}

export function envelope(overrides: Partial<Envelope> = {}): Envelope {
  return {
    mailFrom: { address: 'sender@example.com', params: {} },
    rcptTo: [{ address: 'rcpt@example.com', params: {} }],
    helo: 'client.example.com',
    greeting: 'EHLO',
    client: { address: '127.0.0.1', port: 40000 },
    server: { address: '127.0.0.1', port: 1025, hostname: 'mailsink.test' },
    protocol: 'ESMTP',
    tls: null,
    auth: null,
    receivedAt: new Date().toISOString(),
    sessionId: 'session-1',
    ...overrides,
  };
}

/** A small RFC 5322 message whose Subject is `subject`. */
export function message(subject: string, body = 'Hello.\r\n'): Buffer {
  return Buffer.from(`From: sender@example.com\r\nTo: rcpt@example.com\r\nSubject: ${subject}\r\n\r\n${body}`, 'utf8');
}

/** Stands in for the MIME module: reads the Subject line and nothing else. */
export function fakeSummarize(raw: Buffer): Summary {
  const subject = /^Subject: ?(.*?)\r?$/m.exec(raw.toString('latin1'))?.[1] ?? '';
  return { messageId: '', from: null, to: [], cc: [], bcc: [], replyTo: [], subject, snippet: '', searchText: '', attachmentNames: [], date: null, attachments: 0, inline: 0 };
}

export interface CapturedLog {
  logger: Logger;
  lines: Array<{ level: number; msg: string; [key: string]: unknown }>;
  warnings(): string[];
}

/** A real pino logger whose lines are kept for the test to read. */
export function captureLog(): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines, warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg) };
}

export interface TestStore {
  store: MessageStore;
  bus: EventBus;
  log: CapturedLog;
}

export async function openTestStore(dataDir: string, options: Partial<StoreOptions> = {}): Promise<TestStore> {
  const bus = new EventBus();
  const log = captureLog();
  const store = await openStore({ dataDir, maxMessages: 0, maxAgeMs: 0, summarize: fakeSummarize, bus, log: log.logger, ...options });
  return { store, bus, log };
}

/** Appends messages one after the other with subjects prefix-0, prefix-1, ... */
export async function appendSubjects(store: MessageStore, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await store.append(envelope(), [message(`${prefix}-${i}`)])).id);
  return ids;
}
