import type { FastifyInstance, FastifyReply } from 'fastify';
import { answerErrorsWith } from './error-replies.js';

/** mailsink's own paths (and Mailpit's /send) answer errors as JSON `{"Error": "..."}`. */
export function sendJsonError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ Error: message });
}

export function useJsonErrors(app: FastifyInstance): void {
  answerErrorsWith(app, sendJsonError);
}
