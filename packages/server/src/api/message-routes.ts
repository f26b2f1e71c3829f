import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getPart, readHeaders } from '../mime/index.js';
import type { MessageRecord } from '../store/index.js';
import type { FastifyReply } from 'fastify';
import { notFound, sendTextError, useTextErrors } from './mailpit-errors.js';
import type { MessageAccess } from './message-access.js';
import { setPartHeaders } from './part-headers.js';
import { IdParams, LatestQuery, Message, MessageHeaders, PartParams, RawQuery } from './schemas.js';
import { makeThumbnail, ThumbnailError } from './thumbnail.js';

export interface MessageRoutesOptions {
  messages: MessageAccess;
}

/** Mailpit API v1: one message, its headers, source and parts. */
export const messageRoutes: FastifyPluginAsyncTypebox<MessageRoutesOptions> = async (app, { messages }) => {
  useTextErrors(app);

  /** The record for `ID` (or `latest`); when there is none, the 404 is already sent. */
  function find(reply: FastifyReply, id: string, query?: string): MessageRecord | undefined {
    const record = messages.resolve(id, query);
    if (!record) notFound(reply);
    return record;
  }

  app.get('/api/v1/message/:ID', {
    schema: { params: IdParams, querystring: LatestQuery, response: { 200: Message } },
  }, async (request, reply) => {
    const record = find(reply, request.params.ID, request.query.query);
    if (!record) return reply;
    const message = await messages.message(record);
    if (!message) return notFound(reply);
    // The flag changes in memory at once; its write to disk may lag by a few milliseconds and
    // need not delay the answer (reading a message is not an acknowledgement anyone waits on).
    messages.store.setRead([record.id], true).catch((err: unknown) => request.log.error({ err }, 'could not save the read flag'));
    return message;
  });

  app.get('/api/v1/message/:ID/headers', {
    schema: { params: IdParams, querystring: LatestQuery, response: { 200: MessageHeaders } },
  }, async (request, reply) => {
    const record = find(reply, request.params.ID, request.query.query);
    const raw = record && (await messages.raw(record));
    if (!record) return reply;
    if (!raw) return notFound(reply);
    return readHeaders(raw);
  });

  app.get('/api/v1/message/:ID/raw', {
    schema: { params: IdParams, querystring: RawQuery },
  }, async (request, reply) => {
    const record = find(reply, request.params.ID, request.query.query);
    const raw = record && (await messages.raw(record));
    if (!record) return reply;
    if (!raw) return notFound(reply);
    reply.type('text/plain; charset=utf-8');
    if (request.query.dl === '1') reply.header('content-disposition', `attachment; filename="${record.id}.eml"`);
    return reply.send(raw);
  });

  app.get('/api/v1/message/:ID/part/:PartID', { schema: { params: PartParams } }, async (request, reply) => {
    const record = find(reply, request.params.ID);
    const raw = record && (await messages.raw(record));
    if (!record) return reply;
    const part = raw && (await getPart(raw, request.params.PartID));
    if (!part) return notFound(reply);
    setPartHeaders(reply, part.contentType, part.fileName);
    return reply.send(part.content);
  });

  app.get('/api/v1/message/:ID/part/:PartID/thumb', { schema: { params: PartParams } }, async (request, reply) => {
    const record = find(reply, request.params.ID);
    const raw = record && (await messages.raw(record));
    if (!record) return reply;
    const part = raw && (await getPart(raw, request.params.PartID));
    if (!part) return notFound(reply);
    try {
      const thumbnail = await makeThumbnail(part.contentType, part.content);
      return reply.type('image/jpeg').header('x-content-type-options', 'nosniff').send(thumbnail);
    } catch (err) {
      if (err instanceof ThumbnailError) return sendTextError(reply, 400, err.message);
      throw err;
    }
  });
};
