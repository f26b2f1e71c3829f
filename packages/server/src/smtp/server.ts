/**
 * The TCP listener: one SmtpSession per connection, the connection limit, and a graceful close
 * that lets messages in flight finish.
 */
import net from 'node:net';
import type { SmtpErrorEvent } from '../events.js';
import type { SmtpServer, SmtpServerOptions } from './options.js';
import { replies } from './replies.js';
import { SmtpSession } from './session.js';

const DEFAULT_DATA_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_GRACE_MS = 10_000;
/** A refused connection gets this long to read its 421 and hang up. */
const REFUSED_LINGER_MS = 2000;

export async function startSmtpServer(opts: SmtpServerOptions): Promise<SmtpServer> {
  const { log, bus } = opts;
  const sessions = new Set<SmtpSession>();

  const report = (event: SmtpErrorEvent): void => {
    if (!bus) return;
    try {
      bus.emit('error', event);
    } catch (err) {
      log.warn({ err }, 'an error event listener failed');
    }
  };

  const config = {
    hostname: opts.hostname,
    maxMessageSize: opts.maxMessageSize,
    maxRecipients: opts.maxRecipients,
    idleTimeoutMs: opts.idleTimeoutMs,
    dataTimeoutMs: opts.dataTimeoutMs ?? DEFAULT_DATA_TIMEOUT_MS,
    sink: opts.sink,
    log,
    report,
  };

  // allowHalfOpen: a client may send its last commands and shut its side; it still gets the replies.
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    if (socket.remoteAddress === undefined) {
      socket.destroy(); // already gone
      return;
    }
    if (opts.maxConnections > 0 && sessions.size >= opts.maxConnections) {
      refuse(socket);
      return;
    }
    sessions.add(new SmtpSession(socket, config, (session) => sessions.delete(session)));
  });

  function refuse(socket: net.Socket): void {
    const ip = socket.remoteAddress ?? '';
    log.warn({ client: ip, max: opts.maxConnections }, 'connection refused: too many connections');
    report({ Level: 'warn', Type: 'connections', IP: ip, Message: `connection refused: more than ${opts.maxConnections} connections` });
    socket.on('error', () => {});
    socket.resume();
    socket.end(`${replies.tooManyConnections(opts.hostname)}\r\n`);
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
  const address = { host: opts.host, port: bound.port };
  log.debug({ address: `${opts.host}:${bound.port}` }, 'SMTP listening');

  let closed: Promise<void> | undefined;
  return {
    address,
    get connectionCount() {
      return sessions.size;
    },
    close(graceMs = DEFAULT_GRACE_MS) {
      closed ??= (async () => {
        // Resolves once every connection, refused ones included, has closed.
        const allClosed = new Promise<void>((resolve) => server.close(() => resolve()));
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
