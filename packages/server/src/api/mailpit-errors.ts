import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { SearchSyntaxError } from '../search/index.js';

/** Mailpit answers errors as plain text: 400 with the reason, 404 "Not found". */
export function sendTextError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type('text/plain; charset=utf-8').send(message);
}

export function notFound(reply: FastifyReply): FastifyReply {
  return sendTextError(reply, 404, 'Not found');
}

/** Inside a Mailpit-path plugin: validation and other request errors as plain text. */
export function useTextErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof SearchSyntaxError) return sendTextError(reply, 400, err.message);
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) request.log.error({ err }, 'request failed');
    const message = err.validation ? `invalid request: ${err.message}` : status === 500 ? 'internal error' : err.message;
    return sendTextError(reply, status, message);
  });
}
