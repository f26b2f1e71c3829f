/**
 * The TCP listener: one SmtpSession per connection, the connection limits (concurrent, and per
 * client per minute), the TLS context for STARTTLS or implicit TLS, and a graceful close that
 * lets messages in flight finish.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { SmtpErrorEvent } from '../events.js';
import { ByteBudget } from './byte-budget.js';
import { ConnectionRate } from './connection-rate.js';
import type { SmtpServer, SmtpServerOptions } from './options.js';
import { replies } from './replies.js';
import { SmtpSession, type SessionConfig } from './session.js';
import { normalizeAddress } from './socket-address.js';

const DEFAULT_DATA_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_GRACE_MS = 10_000;
/** A refused connection gets this long to read its 421 and hang up. */
const REFUSED_LINGER_MS = 2000;
const DEFAULT_MAX_HEADER_LINES = 1000;
const DEFAULT_MAX_HEADER_BYTES = 1024 * 1024;
/** A listener bound to one of these takes connections on several local addresses. */
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::']);

export async function startSmtpServer(opts: SmtpServerOptions): Promise<SmtpServer> {
  const { log, bus } = opts;
  const sessions = new Set<SmtpSession>();
  /** Implicit-TLS connections still in their handshake: counted, not yet sessions. */
  const handshaking = new Set<tls.TLSSocket>();
  const rate = new ConnectionRate(opts.maxConnectionsPerMinute ?? 0);
  if ((opts.implicitTls || opts.requireTls) && !opts.tls) throw new Error('implicitTls and requireTls need tls (a key and certificate)');
  const context = opts.tls ? tls.createSecureContext({ key: opts.tls.key, cert: opts.tls.cert }) : null;

  const report = (event: SmtpErrorEvent): void => {
    if (!bus) return;
    try {
      bus.emit('error', event);
    } catch (err) {
      log.warn({ err }, 'an error event listener failed');
    }
  };

  const config: SessionConfig = {
    hostname: opts.hostname,
    maxMessageSize: opts.maxMessageSize,
    maxRecipients: opts.maxRecipients,
    idleTimeoutMs: opts.idleTimeoutMs,
    dataTimeoutMs: opts.dataTimeoutMs ?? DEFAULT_DATA_TIMEOUT_MS,
    sink: opts.sink,
    log,
    report,
    tls: context && !opts.implicitTls ? { context, required: opts.requireTls ?? false } : null,
    auth: opts.auth ? { users: opts.auth.users?.size ? opts.auth.users : null, required: opts.auth.required ?? false } : null,
    faults: opts.faults,
    maxHeaderLines: opts.maxHeaderLines ?? DEFAULT_MAX_HEADER_LINES,
    maxHeaderBytes: opts.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
    budget: new ByteBudget(opts.maxInFlightBytes ?? 0),
    transcriptMaxBytes: opts.transcriptMaxBytes ?? 0,
    listening: null,
  };
  const startSession = (socket: net.Socket): void => {
    sessions.add(new SmtpSession(socket, config, (session) => sessions.delete(session)));
  };

  // allowHalfOpen: a client may send its last commands and shut its side; it still gets the replies.
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    if (socket.remoteAddress === undefined) {
      socket.destroy(); // already gone
      return;
    }
    if (opts.maxConnections > 0 && sessions.size + handshaking.size >= opts.maxConnections) {
      refuse(socket, replies.tooManyConnections(opts.hostname), `more than ${opts.maxConnections} connections`);
      return;
    }
    if (!rate.allow(normalizeAddress(socket.remoteAddress))) {
      const max = opts.maxConnectionsPerMinute ?? 0;
      refuse(socket, replies.tooManyConnectionsFromYou(opts.hostname), `more than ${max} connections per minute from this address`);
      return;
    }
    if (opts.implicitTls) handshake(socket);
    else startSession(socket);
  });

  /** RFC 8314: TLS from the first byte; the session (and its greeting) starts once it is up. */
  function handshake(socket: net.Socket): void {
    const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context! });
    handshaking.add(secure);
    const failed = (err?: Error): void => {
      if (!handshaking.delete(secure)) return;
      log.info({ client: socket.remoteAddress, reason: err?.message ?? 'timeout' }, 'TLS handshake failed');
      secure.destroy();
    };
    secure.on('error', failed);
    secure.on('close', () => handshaking.delete(secure));
    secure.setTimeout(opts.idleTimeoutMs, () => failed());
    secure.once('secure', () => {
      if (!handshaking.delete(secure)) return;
      secure.off('error', failed);
      secure.setTimeout(0);
      startSession(secure);
    });
  }

  function refuse(socket: net.Socket, reply: string, why: string): void {
    const ip = normalizeAddress(socket.remoteAddress);
    log.warn({ client: ip }, `connection refused: ${why}`);
    report({ Level: 'warn', Type: 'connections', IP: ip, Message: `connection refused: ${why}` });
    socket.on('error', () => {});
    socket.resume();
    // Over implicit TLS a plain-text reply would be noise to the client: it is just closed.
    if (opts.implicitTls) socket.destroy();
    else socket.end(`${reply}\r\n`);
    setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.warn({ err }, 'SMTP listener error'));

  const bound = server.address() as net.AddressInfo;
  // Set before the first connection is taken: the listen callback has run, the accept handler not yet.
  if (!WILDCARD_ADDRESSES.has(bound.address)) config.listening = { address: normalizeAddress(bound.address), port: bound.port };
  const address = { host: opts.host, port: bound.port };
  log.debug({ address: `${opts.host}:${bound.port}` }, 'SMTP listening');

  let closed: Promise<void> | undefined;
  return {
    address,
    get connectionCount() {
      return sessions.size + handshaking.size;
    },
    close(graceMs = DEFAULT_GRACE_MS) {
      closed ??= (async () => {
        // Resolves once every connection, refused ones included, has closed.
        const allClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of handshaking) socket.destroy();
        for (const session of sessions) session.shutdown();
        const grace = setTimeout(() => {
          for (const session of sessions) session.forceClose();
        }, graceMs);
        try {
          await allClosed;
        } finally {
          clearTimeout(grace);
        }
        log.debug('SMTP closed');
      })();
      return closed;
    },
  };
}
