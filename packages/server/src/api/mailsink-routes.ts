import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { parseDuration } from '../config/values.js';
import { mimeStructure } from '../mime/index.js';
import { matchesSearch, parseSearch } from '../search/index.js';
import type { MessageRecord } from '../store/index.js';
import { VERSION } from '../version.js';
import { toEnvelope } from './envelope-shape.js';
import { sendJsonError, useJsonErrors } from './json-errors.js';
import type { MessageAccess } from './message-access.js';
import { Envelope, IdParams, JsonError, Message, MessageSummary, MimePart, ServerInfo, WaitQuery } from './schemas.js';
import { toMessageSummary } from './summary.js';
import type { WaitRegistry } from './wait-registry.js';

export interface MailsinkRoutesOptions {
  messages: MessageAccess;
  waiters: WaitRegistry;
  /** Where SMTP listens ("host:port"; "" for none), for the UI's help on pointing an app here. */
  server: { SMTPListen: string; SMTPSListen: string };
}

const DEFAULT_WAIT_MS = 30_000;
const MAX_WAIT_MS = 5 * 60_000;

/** mailsink's additions under /api/mailsink/v1/: waiting for a message, reading without marking read, the envelope. */
export const mailsinkRoutes: FastifyPluginAsyncTypebox<MailsinkRoutesOptions> = async (app, { messages, waiters, server }) => {
  useJsonErrors(app);
  const { store } = messages;

  app.get('/api/mailsink/v1/server', {
    schema: {
      description: 'Where this mailsink accepts SMTP (for "point your app here" help) and its version.',
      response: { 200: ServerInfo },
    },
  }, async () => ({ Version: VERSION, ...server }));

  app.get('/api/mailsink/v1/wait', {
    schema: {
      description:
        'Answers with the oldest message matching `query` that is newer than `after` (without `after`: the first ' +
        'that arrives after the request) as soon as it is stored; 408 when `timeout` passes first.',
      querystring: WaitQuery,
      response: { 200: MessageSummary, 400: JsonError, 404: JsonError, 408: JsonError },
    },
  }, async (request, reply) => {
    const { query = '', after, timeout } = request.query;
    let timeoutMs = DEFAULT_WAIT_MS;
    if (timeout !== undefined) {
      try {
        timeoutMs = parseDuration(timeout);
      } catch (err) {
        return sendJsonError(reply, 400, `timeout: ${(err as Error).message}`);
      }
      if (timeoutMs > MAX_WAIT_MS) return sendJsonError(reply, 400, 'timeout: at most 5m');
    }
    const terms = parseSearch(query);
    if (after !== undefined) {
      if (!store.get(after)) return sendJsonError(reply, 404, `no message with ID ${after}`);
      let oldest: MessageRecord | undefined;
      for (const r of store.newestFirst()) {
        if (r.id === after) break;
        if (matchesSearch(terms, r)) oldest = r;
      }
      if (oldest) return toMessageSummary(oldest);
    }
    const abort = new AbortController();
    request.raw.once('close', () => abort.abort());
    const record = await waiters.wait(terms, timeoutMs, abort.signal);
    if (record) return toMessageSummary(record);
    return sendJsonError(reply, 408, `no matching message within ${timeoutMs} ms`);
  });

  app.get('/api/mailsink/v1/message/:ID', {
    schema: {
      description: 'The message in the shape of Mailpit\'s GET /api/v1/message/{ID}, without marking it read.',
      params: IdParams,
      response: { 200: Message, 404: JsonError },
    },
  }, async (request, reply) => {
    const record = messages.resolve(request.params.ID);
    const message = record && (await messages.message(record));
    return message ?? sendJsonError(reply, 404, `no message with ID ${request.params.ID}`);
  });

  app.get('/api/mailsink/v1/message/:ID/envelope', {
    schema: {
      description: 'The SMTP envelope: MAIL FROM and every RCPT with their parameters, HELO, client, TLS and AUTH state.',
      params: IdParams,
      response: { 200: Envelope, 404: JsonError },
    },
  }, async (request, reply) => {
    const record = messages.resolve(request.params.ID);
    return record ? toEnvelope(record) : sendJsonError(reply, 404, `no message with ID ${request.params.ID}`);
  });

  app.get('/api/mailsink/v1/message/:ID/transcript', {
    schema: {
      description: 'The SMTP conversation that delivered the message, as text (empty when none was recorded).',
      params: IdParams,
      response: { 200: Type.String(), 404: JsonError },
    },
  }, async (request, reply) => {
    const record = messages.resolve(request.params.ID);
    const transcript = record && (await messages.store.readTranscript(record.id));
    if (transcript === undefined) return sendJsonError(reply, 404, `no message with ID ${request.params.ID}`);
    return reply.type('text/plain; charset=utf-8').send(transcript);
  });

  app.get('/api/mailsink/v1/message/:ID/parts', {
    schema: { description: 'The MIME tree of the message.', params: IdParams, response: { 200: MimePart, 404: JsonError } },
  }, async (request, reply) => {
    const record = messages.resolve(request.params.ID);
    const raw = record && (await messages.raw(record));
    return raw ? mimeStructure(raw) : sendJsonError(reply, 404, `no message with ID ${request.params.ID}`);
  });
};
