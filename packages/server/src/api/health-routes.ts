/**
 * Liveness and readiness for orchestrators and `mailsink healthcheck`:
 * `GET /livez` is 200 while the process answers HTTP at all; `GET /readyz` is 200 while mail is
 * being accepted and 503 once mailsink has begun to stop.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

export interface HealthRoutesOptions {
  /**
   * Whether the store is open and SMTP is accepting. The HTTP server starts only after both, so
   * by default this is true until the HTTP server itself begins to close; the daemon can pass a
   * sharper test (e.g. false from the moment its stop() begins).
   */
  isReady?: () => boolean;
}

function status(reply: FastifyReply, code: 200 | 503, value: 'ok' | 'stopping') {
  return reply.code(code).header('cache-control', 'no-store').type('application/json; charset=utf-8').send({ status: value });
}

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { isReady = () => true }) => {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.get('/livez', async (_request, reply) => status(reply, 200, 'ok'));

  app.get('/readyz', async (_request, reply) =>
    !closing && isReady() ? status(reply, 200, 'ok') : status(reply, 503, 'stopping'),
  );
};
