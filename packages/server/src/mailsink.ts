/**
 * Starts and stops the whole daemon: store, SMTP receiver and HTTP server, wired through the
 * event bus. Used by the CLI and by tests that want a real server in-process.
 */
import type { FastifyInstance } from 'fastify';
import { formatHostPort, type Config, type HostPort } from './config/index.js';
import { EventBus } from './events.js';
import type { Logger } from './log.js';
import { summarize } from './mime/index.js';
import { openStore, type MessageStore } from './store/index.js';
import { startSmtpServer, type SmtpServer } from './smtp/index.js';
import { buildHttpServer } from './api/index.js';

/** In-flight DATA gets this long to finish when mailsink is asked to stop. */
const SHUTDOWN_GRACE_MS = 10_000;
const DATA_TIMEOUT_MS = 10 * 60_000;

export interface Mailsink {
  readonly store: MessageStore;
  readonly bus: EventBus;
  readonly smtpAddress: HostPort;
  readonly httpAddress: HostPort;
  readonly webUrl: string;
  /** Stops accepting, lets in-flight messages finish, flushes the store. */
  stop(): Promise<void>;
}

export class ListenError extends Error {
  override name = 'ListenError';
}

export async function startMailsink(config: Config, log: Logger): Promise<Mailsink> {
  const bus = new EventBus();
  const store = await openStore({
    dataDir: config.dataDir,
    maxMessages: config.maxMessages,
    maxAgeMs: config.maxAgeMs,
    summarize,
    bus,
    log: log.child({ component: 'store' }),
  });
  let stopping = false;
  let smtp: SmtpServer | undefined;
  let http: FastifyInstance | undefined;
  try {
    smtp = await startSmtpServer({
      ...config.smtp,
      hostname: config.hostname,
      maxMessageSize: config.maxMessageSize,
      maxRecipients: config.maxRecipients,
      idleTimeoutMs: config.smtpTimeoutMs,
      dataTimeoutMs: DATA_TIMEOUT_MS,
      maxConnections: config.maxConnections,
      sink: { accept: async (envelope, data) => ({ id: (await store.append(envelope, data)).id }) },
      log: log.child({ component: 'smtp' }),
      bus,
    }).catch((err: unknown) => {
      throw listenError(err, '--smtp', config.smtp);
    });
    http = await buildHttpServer({
      store,
      bus,
      log,
      hostname: config.hostname,
      maxMessageSize: config.maxMessageSize,
      basePath: config.basePath,
      isReady: () => !stopping,
    });
    await http.listen({ host: config.listen.host, port: config.listen.port }).catch((err: unknown) => {
      throw listenError(err, '--listen', config.listen);
    });
  } catch (err) {
    await smtp?.close(0);
    await http?.close();
    await store.close();
    throw err;
  }
  const httpInfo = http.server.address();
  const httpAddress =
    httpInfo && typeof httpInfo === 'object' ? { host: config.listen.host, port: httpInfo.port } : config.listen;
  const smtpServer = smtp;
  const httpServer = http;
  return {
    store,
    bus,
    smtpAddress: smtp.address,
    httpAddress,
    webUrl: `http://${formatHostPort(httpAddress)}${config.basePath}/`,
    async stop() {
      stopping = true;
      await smtpServer.close(SHUTDOWN_GRACE_MS);
      await httpServer.close();
      await store.close();
    },
  };
}

function listenError(err: unknown, option: string, address: HostPort): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const where = formatHostPort(address);
  if (code === 'EADDRINUSE') return new ListenError(`${option}: ${where} is already in use (is another mailsink or mail catcher running?)`);
  if (code === 'EACCES') return new ListenError(`${option}: no permission to listen on ${where} (ports below 1024 need privileges)`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new ListenError(`${option}: ${where} is not an address of this machine`);
  return err instanceof Error ? err : new Error(String(err));
}
