/** An SMTP server on 127.0.0.1 with an in-memory sink, and what the tests need around it. */
import type { Envelope } from '../../src/envelope.js';
import { EventBus, type SmtpErrorEvent } from '../../src/events.js';
import { silentLogger } from '../../src/log.js';
import { startSmtpServer, type MessageSink, type SmtpServer, type SmtpServerOptions } from '../../src/smtp/index.js';
import { RawClient } from './raw-client.js';

export interface StoredMessage {
  id: string;
  envelope: Envelope;
  raw: Buffer;
}

/** Records what it accepts; can be told to fail or to hold messages until released. */
export class MemorySink implements MessageSink {
  readonly messages: StoredMessage[] = [];
  /** Every accept() call, stored or not. */
  calls = 0;
  fail: false | 'reject' | 'throw' = false;
  private gate: Promise<void> | null = null;
  private callWaiters: Array<{ n: number; resolve: () => void }> = [];

  accept(envelope: Envelope, data: Buffer[]): Promise<{ id: string }> {
    this.calls++;
    for (const w of this.callWaiters.filter((w) => w.n <= this.calls)) w.resolve();
    this.callWaiters = this.callWaiters.filter((w) => w.n > this.calls);
    if (this.fail === 'throw') throw new Error('sink exploded');
    return this.store(envelope, data);
  }

  private async store(envelope: Envelope, data: Buffer[]): Promise<{ id: string }> {
    if (this.gate) await this.gate;
    if (this.fail === 'reject') throw new Error('disk full');
    const id = `msg${this.messages.length + 1}`;
    this.messages.push({ id, envelope: structuredClone(envelope), raw: Buffer.concat(data) });
    return { id };
  }

  /** Holds every accept until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise((resolve) => (release = resolve));
    return () => {
      this.gate = null;
      release();
    };
  }

  /** Resolves once accept() has been called n times in all. */
  called(n: number): Promise<void> {
    if (this.calls >= n) return Promise.resolve();
    return new Promise((resolve) => this.callWaiters.push({ n, resolve }));
  }

  /** The stored message without the Received header the receiver prepends. */
  body(index: number): Buffer {
    const raw = this.messages[index]!.raw;
    return raw.subarray(receivedHeaderLength(raw));
  }
}

/** Length of the leading Received header (its first line and its folded continuation lines). */
export function receivedHeaderLength(raw: Buffer): number {
  const text = raw.toString('latin1');
  if (!text.startsWith('Received:')) throw new Error('no Received header at the start of the message');
  let end = text.indexOf('\r\n') + 2;
  while (text[end] === '\t' || text[end] === ' ') end = text.indexOf('\r\n', end) + 2;
  return end;
}

export interface TestServer {
  server: SmtpServer;
  sink: MemorySink;
  port: number;
  events: SmtpErrorEvent[];
  /** Connects and reads the greeting. */
  connect(): Promise<RawClient>;
  /** Connects, reads the greeting and says EHLO. */
  connectEhlo(name?: string): Promise<RawClient>;
  close(): Promise<void>;
}

export const HOSTNAME = 'mx.mailsink.test';

export async function startTestServer(options: Partial<SmtpServerOptions> = {}): Promise<TestServer> {
  const sink = new MemorySink();
  const bus = new EventBus();
  const events: SmtpErrorEvent[] = [];
  bus.on('error', (e) => events.push(e));
  const server = await startSmtpServer({
    host: '127.0.0.1',
    port: 0,
    hostname: HOSTNAME,
    maxMessageSize: 1024 * 1024,
    maxRecipients: 1000,
    idleTimeoutMs: 30_000,
    maxConnections: 0,
    sink,
    log: silentLogger(),
    bus,
    ...options,
  });
  const clients: RawClient[] = [];
  const connect = async () => {
    const client = await RawClient.connect(server.address.port);
    clients.push(client);
    const greeting = await client.expectReply();
    if (greeting.code !== 220) throw new Error(`unexpected greeting ${greeting.text}`);
    return client;
  };
  return {
    server,
    sink,
    port: server.address.port,
    events,
    connect,
    async connectEhlo(name = 'client.example') {
      const client = await connect();
      const reply = await client.command(`EHLO ${name}`);
      if (reply.code !== 250) throw new Error(`EHLO failed: ${reply.text}`);
      return client;
    },
    async close() {
      for (const client of clients) client.close();
      await server.close(0);
    },
  };
}

/** MAIL, RCPT and DATA for one message; returns the reply to the final dot. */
export async function sendMessage(client: RawClient, from: string, to: string[], body: string | Buffer): Promise<number> {
  if ((await client.code(`MAIL FROM:<${from}>`)) !== 250) throw new Error('MAIL refused');
  for (const rcpt of to) if ((await client.code(`RCPT TO:<${rcpt}>`)) !== 250) throw new Error(`RCPT ${rcpt} refused`);
  if ((await client.code('DATA')) !== 354) throw new Error('DATA refused');
  client.send(body);
  client.send('\r\n.\r\n');
  return (await client.expectReply()).code;
}
