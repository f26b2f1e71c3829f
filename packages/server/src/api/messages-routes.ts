import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { matchesSearch, parseSearch } from '../search/index.js';
import type { MessageStore } from '../store/index.js';
import { sendTextError, useTextErrors } from './mailpit-errors.js';
import { DeleteBody, MessagesSummary, OkText, PagingQuery, ReadBody, SearchQuery } from './schemas.js';
import { listPage, searchPage } from './pages.js';

export interface MessagesRoutesOptions {
  store: MessageStore;
}

/** Mailpit API v1: the message list, search, bulk read state and bulk delete. */
export const messagesRoutes: FastifyPluginAsyncTypebox<MessagesRoutesOptions> = async (app, { store }) => {
  useTextErrors(app);

  app.get('/api/v1/messages', {
    schema: { querystring: PagingQuery, response: { 200: MessagesSummary } },
  }, async (request) => listPage(store, request.query.start ?? 0, request.query.limit ?? 50));

  app.put('/api/v1/messages', {
    schema: { body: ReadBody, response: { 200: OkText } },
  }, async (request, reply) => {
    const { IDs, Read = true, Search } = request.body ?? {};
    if (IDs && IDs.length > 0) await store.setRead(IDs, Read);
    else if (Search) await store.setRead(matchingIds(store, Search), Read);
    else await store.setRead('all', Read);
    return reply.type('text/plain; charset=utf-8').send('ok');
  });

  app.delete('/api/v1/messages', {
    schema: { body: DeleteBody, response: { 200: OkText } },
  }, async (request, reply) => {
    const ids = request.body?.IDs;
    if (ids && ids.length > 0) await store.delete(ids);
    else await store.deleteAll();
    return reply.type('text/plain; charset=utf-8').send('ok');
  });

  app.get('/api/v1/search', {
    schema: { querystring: SearchQuery, response: { 200: MessagesSummary } },
  }, async (request, reply) => {
    const { query = '', start = 0, limit = 50 } = request.query;
    if (!query.trim()) return sendTextError(reply, 400, 'no search query');
    return searchPage(store, parseSearch(query), start, limit);
  });

  app.delete('/api/v1/search', {
    schema: { querystring: SearchQuery, response: { 200: OkText } },
  }, async (request, reply) => {
    const query = request.query.query ?? '';
    if (!query.trim()) return sendTextError(reply, 400, 'no search query');
    await store.delete(matchingIds(store, query));
    return reply.type('text/plain; charset=utf-8').send('ok');
  });
};

function matchingIds(store: MessageStore, query: string): string[] {
  const terms = parseSearch(query);
  const ids: string[] = [];
  for (const r of store.newestFirst()) if (matchesSearch(terms, r)) ids.push(r.id);
  return ids;
}
