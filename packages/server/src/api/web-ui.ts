/**
 * Serves the React SPA (packages/web's build) at `/`, with the security headers of the UI.
 * Paths that are not files fall back to index.html so client-side routes survive a reload.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PACKAGE_ROOT } from '../package-root.js';

/** The built UI: inside the package when installed (dist/web), or the workspace's packages/web/dist. */
const CANDIDATES = [path.join(PACKAGE_ROOT, 'dist', 'web'), path.join(PACKAGE_ROOT, '..', 'web', 'dist')];

export function findWebRoot(): string | undefined {
  return CANDIDATES.find((dir) => existsSync(path.join(dir, 'index.html')));
}

const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

function uiHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', UI_CSP);
  reply.header('x-frame-options', 'DENY');
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
}

export async function webUi(app: FastifyInstance): Promise<void> {
  const root = findWebRoot();
  if (!root) {
    app.get('/', async (_request, reply) => {
      uiHeaders(reply);
      return reply
        .type('text/plain; charset=utf-8')
        .send('The mailsink web UI is not built. Run "pnpm build" in the repository; the API is at /api/v1/.');
    });
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ['index.html'],
    setHeaders: (reply) => uiHeaders(reply),
  });
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0]!.slice(app.prefix.length);
    if (request.method !== 'GET' || path.startsWith('/api/') || path.startsWith('/view/') || /\.[a-z0-9]+$/i.test(path)) {
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    }
    uiHeaders(reply);
    return reply.sendFile('index.html');
  });
}
