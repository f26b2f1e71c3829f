import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { SearchSyntaxError } from '../search/index.js';

export type SendError = (reply: FastifyReply, status: number, message: string) => FastifyReply;

/**
 * Inside a route plugin: validation, search-syntax and other request errors answered through
 * `send` (plain text on Mailpit's paths, JSON on mailsink's); anything else is a logged 500.
 */
export function answerErrorsWith(app: FastifyInstance, send: SendError): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof SearchSyntaxError) return send(reply, 400, err.message);
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) request.log.error({ err }, 'request failed');
    const message = err.validation ? `invalid request: ${err.message}` : status === 500 ? 'internal error' : err.message;
    return send(reply, status, message);
  });
}
