/**
 * Who may use the HTTP side: optional basic auth on everything but the health checks, CORS for
 * configured origins, and no state change requested by a foreign page (CSRF).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import basicAuth from '@fastify/basic-auth';
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAllowedOrigin } from './host-check.js';

export interface AccessOptions {
  /** user → password; empty = no auth. */
  users: ReadonlyMap<string, string>;
  corsOrigins: ReadonlySet<string>;
  /** Paths open without credentials (health checks). */
  openPaths: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The basic-auth user of this request, "" without auth. */
    uiUser: string;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Registers on the root app, after the Host check. */
export async function accessControl(app: FastifyInstance, { users, corsOrigins, openPaths }: AccessOptions): Promise<void> {
  app.decorateRequest('uiUser', '');
  if (corsOrigins.size > 0) {
    await app.register(cors, {
      origin: [...corsOrigins],
      credentials: true,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      strictPreflight: false,
    });
  }
  app.addHook('onRequest', async (request, reply) => {
    if (!SAFE_METHODS.has(request.method) && !isAllowedOrigin(request, corsOrigins)) {
      await reply.code(403).type('text/plain; charset=utf-8').send('Origin not allowed');
    }
  });
  if (users.size === 0) return;

  const digests = new Map([...users].map(([user, password]) => [user, digest(password)]));
  await app.register(basicAuth, {
    authenticate: { realm: 'mailsink' },
    validate: async (user, password, request) => {
      const expected = digests.get(user);
      // Compare digests in constant time; an unknown user costs the same as a wrong password.
      const ok = timingSafeEqual(expected ?? digest(`\0${password}`), digest(password)) && expected !== undefined;
      if (!ok) return new Error('Wrong user name or password');
      request.uiUser = user;
      return undefined;
    },
  });
  const open = new Set(openPaths);
  app.addHook('onRequest', async (request, reply) => {
    if (reply.sent || open.has(request.url.split('?', 1)[0]!) || isPreflight(request)) return;
    const refused = await new Promise<Error | undefined>((resolve) => app.basicAuth(request, reply, (err) => resolve(err ?? undefined)));
    if (refused) await reply.code(401).type('text/plain; charset=utf-8').send('Unauthorized');
  });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** A CORS preflight never carries credentials (Fetch standard); CORS answers it. */
function isPreflight(request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' && request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined;
}
