import net from 'node:net';
import type { FastifyRequest } from 'fastify';

/**
 * DNS rebinding defence: a web page the developer visits can make its own domain resolve to
 * 127.0.0.1, but its requests then carry that domain in Host. Served are: loopback names, IP
 * literals (which no rebinding can produce), names without a dot (container and machine names such
 * as `mailsink` in a compose network, which no public domain can be) and names mailsink was told about.
 */
export function isAllowedHost(hostHeader: string | undefined, names: ReadonlySet<string>): boolean {
  if (!hostHeader) return true; // HTTP/1.0 clients; a browser always sends Host
  const host = hostOnly(hostHeader).toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || net.isIP(host) !== 0 || !host.includes('.') || names.has(host);
}

/** An Origin must be the page's own (same host as the request) or a configured CORS origin. */
export function isAllowedOrigin(request: FastifyRequest, corsOrigins: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser page: curl, test suites, native clients
  if (corsOrigins.has(origin)) return true;
  try {
    return new URL(origin).host.toLowerCase() === (request.headers.host ?? '').toLowerCase();
  } catch {
    return false;
  }
}

function hostOnly(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(1, hostHeader.indexOf(']'));
  const colon = hostHeader.lastIndexOf(':');
  return colon > 0 && hostHeader.indexOf(':') === colon ? hostHeader.slice(0, colon) : hostHeader;
}
