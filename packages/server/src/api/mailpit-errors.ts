import type { FastifyInstance, FastifyReply } from 'fastify';
import { answerErrorsWith } from './error-replies.js';

/** Mailpit answers errors as plain text: 400 with the reason, 404 "Not found". */
export function sendTextError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type('text/plain; charset=utf-8').send(message);
}

export function notFound(reply: FastifyReply): FastifyReply {
  return sendTextError(reply, 404, 'Not found');
}

/** Inside a Mailpit-path plugin: validation and other request errors as plain text. */
export function useTextErrors(app: FastifyInstance): void {
  answerErrorsWith(app, sendTextError);
}
