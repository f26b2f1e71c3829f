import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { SearchSyntaxError } from '../search/index.js';

/** mailsink's own paths (and Mailpit's /send) answer errors as JSON `{"Error": "..."}`. */
export function sendJsonError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ Error: message });
}

export function useJsonErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof SearchSyntaxError) return sendJsonError(reply, 400, err.message);
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) request.log.error({ err }, 'request failed');
    const message = err.validation ? `invalid request: ${err.message}` : status === 500 ? 'internal error' : err.message;
    return sendJsonError(reply, status, message);
  });
}
