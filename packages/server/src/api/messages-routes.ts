import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MessageStore } from '../store/index.js';
import { IdParams, MessagesSummary, PagingQuery, RawQuery } from './schemas.js';
import { notFound, useTextErrors } from './mailpit-errors.js';
import { toMessageSummary } from './summary.js';

export interface MessagesRoutesOptions {
  store: MessageStore;
}

/** Mailpit API v1: the message list and the raw source. */
export const messagesRoutes: FastifyPluginAsyncTypebox<MessagesRoutesOptions> = async (app, { store }) => {
  useTextErrors(app);

  app.get('/api/v1/messages', {
    schema: { querystring: PagingQuery, response: { 200: MessagesSummary } },
  }, async (request) => {
    const start = request.query.start ?? 0;
    const limit = request.query.limit ?? 50;
    return {
      total: store.total,
      unread: store.unread,
      messages_count: store.total,
      messages_unread: store.unread,
      start,
      tags: store.tags(),
      messages: store.list(start, limit).map(toMessageSummary),
    };
  });

  app.get('/api/v1/message/:ID/raw', {
    schema: { params: IdParams, querystring: RawQuery },
  }, async (request, reply) => {
    const { ID } = request.params;
    const record = ID === 'latest' ? store.latest() : store.get(ID);
    const raw = record && (await store.readRaw(record.id));
    if (!record || !raw) return notFound(reply);
    reply.type('text/plain; charset=utf-8');
    if (request.query.dl === '1') reply.header('content-disposition', `attachment; filename="${record.id}.eml"`);
    return reply.send(raw);
  });
};
