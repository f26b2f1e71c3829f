/**
 * Starts and stops the whole daemon: store, SMTP receiver and HTTP server, wired through the
 * event bus. Used by the CLI and by tests that want a real server in-process.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import { formatHostPort, type Config, type HostPort } from './config/index.js';
import { EventBus } from './events.js';
import { Faults } from './faults/index.js';
import { tendYoungGeneration, withRoomToLoad } from './heap-policy.js';
import type { Logger } from './log.js';
import { summarize } from './mime/index.js';
import { openStore, type MessageStore } from './store/index.js';
import {
  CertificateError,
  readCertificateFiles,
  selfSignedCertificate,
  startSmtpServer,
  type SmtpServer,
  type SmtpServerOptions,
  type TlsMaterial,
} from './smtp/index.js';
import { buildHttpServer } from './api/index.js';
import { startUpDone } from './tiering-policy.js';

/** In-flight DATA gets this long to finish when mailsink is asked to stop. */
const SHUTDOWN_GRACE_MS = 10_000;
const DATA_TIMEOUT_MS = 10 * 60_000;
const TRANSCRIPT_MAX_BYTES = 16 * 1024;

export interface Mailsink {
  readonly store: MessageStore;
  readonly bus: EventBus;
  /** The SMTP fault policy (chaos triggers and rules) the API changes. */
  readonly faults: Faults;
  readonly smtpAddress: HostPort;
  /** The implicit-TLS SMTP listener (--smtps), if any. */
  readonly smtpsAddress: HostPort | null;
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
  let smtp: SmtpServer | undefined;
  let smtps: SmtpServer | undefined;
  const store = await withRoomToLoad(() => openStore({
    dataDir: config.dataDir,
    maxMessages: config.maxMessages,
    maxAgeMs: config.maxAgeMs,
    summarize,
    senders: () => (smtp?.connectionCount ?? 0) + (smtps?.connectionCount ?? 0),
    bus,
    log: log.child({ component: 'store' }),
  }));
  bus.on('new', tendYoungGeneration);
  const faults = new Faults({ chaosEnabled: config.enableChaos, rules: config.smtpRules });
  let stopping = false;
  let http: FastifyInstance | undefined;
  try {
    const smtpTls = await smtpTlsMaterial(config);
    const users = new Map([...config.smtpAuth, ...config.smtpAuthFile].map((c) => [c.user, c.password]));
    const smtpOptions = {
      hostname: config.hostname,
      tls: smtpTls,
      requireTls: config.smtpRequireTls,
      auth: { users, required: config.smtpRequireAuth },
      maxConnectionsPerMinute: config.smtpMaxConnectionsPerMinute,
      // A budget below the size limit would refuse every message of the largest allowed size.
      maxInFlightBytes: config.smtpMaxInFlight && config.maxMessageSize ? Math.max(config.smtpMaxInFlight, config.maxMessageSize) : config.smtpMaxInFlight,
      transcriptMaxBytes: TRANSCRIPT_MAX_BYTES,
      maxMessageSize: config.maxMessageSize,
      maxRecipients: config.maxRecipients,
      idleTimeoutMs: config.smtpTimeoutMs,
      dataTimeoutMs: DATA_TIMEOUT_MS,
      maxConnections: config.maxConnections,
      sink: { accept: async (envelope, data) => ({ id: (await store.append(envelope, data)).id }) },
      log: log.child({ component: 'smtp' }),
      bus,
      faults,
    } satisfies Omit<SmtpServerOptions, 'host' | 'port'>;
    smtp = await startSmtpServer({ ...smtpOptions, ...config.smtp }).catch((err: unknown) => {
      throw listenError(err, '--smtp', config.smtp);
    });
    const smtpsAddress = config.smtps;
    if (smtpsAddress) {
      smtps = await startSmtpServer({ ...smtpOptions, ...smtpsAddress, implicitTls: true }).catch((err: unknown) => {
        throw listenError(err, '--smtps', smtpsAddress);
      });
    }
    const tls = config.listenTlsCert ? await loadTls(config.listenTlsCert, config.listenTlsKey) : undefined;
    http = await buildHttpServer({
      store,
      bus,
      log,
      hostname: config.hostname,
      maxMessageSize: config.maxMessageSize,
      basePath: config.basePath,
      isReady: () => !stopping,
      smtpAddress: smtp.address,
      smtpsAddress: smtps?.address ?? null,
      users: new Map([...config.uiAuth, ...config.uiAuthFile].map((c) => [c.user, c.password])),
      corsOrigins: config.cors,
      tls,
      faults,
    });
    await http.listen({ host: config.listen.host, port: config.listen.port }).catch((err: unknown) => {
      throw listenError(err, '--listen', config.listen);
    });
  } catch (err) {
    await smtp?.close(0);
    await smtps?.close(0);
    await http?.close();
    await store.close();
    throw err;
  }
  startUpDone();
  const httpInfo = http.server.address();
  const httpAddress =
    httpInfo && typeof httpInfo === 'object' ? { host: config.listen.host, port: httpInfo.port } : config.listen;
  const smtpServer = smtp;
  const smtpsServer = smtps;
  const httpServer = http;
  return {
    store,
    bus,
    faults,
    smtpAddress: smtp.address,
    smtpsAddress: smtps?.address ?? null,
    httpAddress,
    webUrl: `${config.listenTlsCert ? 'https' : 'http'}://${formatHostPort(httpAddress)}${config.basePath}/`,
    async stop() {
      stopping = true;
      await Promise.all([smtpServer.close(SHUTDOWN_GRACE_MS), smtpsServer?.close(SHUTDOWN_GRACE_MS)]);
      await httpServer.close();
      await store.close();
    },
  };
}

async function loadTls(certFile: string, keyFile: string): Promise<{ cert: Buffer; key: Buffer }> {
  const pair = { cert: await readFile(certFile), key: await readFile(keyFile) };
  try {
    createSecureContext(pair);
  } catch (err) {
    throw new ListenError(`--listen-tls-cert/--listen-tls-key: ${certFile} and ${keyFile} are not a PEM certificate and its key (${(err as Error).message})`);
  }
  return pair;
}

/** The SMTP certificate and key when any TLS option is on: the user's files or the self-signed pair. */
async function smtpTlsMaterial(config: Config): Promise<TlsMaterial | undefined> {
  if (!config.smtpTls && !config.smtpTlsCert && !config.smtps && !config.smtpRequireTls) return undefined;
  try {
    const material = config.smtpTlsCert
      ? await readCertificateFiles(config.smtpTlsCert, config.smtpTlsKey)
      : await selfSignedCertificate(path.join(config.dataDir, 'tls'), config.hostname);
    createSecureContext(material);
    return material;
  } catch (err) {
    if (err instanceof CertificateError) throw new ListenError(err.message);
    const files = config.smtpTlsCert ? `${config.smtpTlsCert} and ${config.smtpTlsKey}` : `the files in ${path.join(config.dataDir, 'tls')}`;
    throw new ListenError(`--smtp-tls-cert/--smtp-tls-key: ${files} are not a PEM certificate and its key (${(err as Error).message})`);
  }
}

function listenError(err: unknown, option: string, address: HostPort): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const where = formatHostPort(address);
  if (code === 'EADDRINUSE') return new ListenError(`${option}: ${where} is already in use (is another mailsink or mail catcher running?)`);
  if (code === 'EACCES') return new ListenError(`${option}: no permission to listen on ${where} (ports below 1024 need privileges)`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new ListenError(`${option}: ${where} is not an address of this machine`);
  return err instanceof Error ? err : new Error(String(err));
}
