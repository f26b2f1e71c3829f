import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound, useTextErrors } from './mailpit-errors.js';
import type { MessageAccess } from './message-access.js';
import { prepareHtml, viewCsp } from './safe-html.js';
import { IdParams } from './schemas.js';

export interface ViewRoutesOptions {
  messages: MessageAccess;
}

const ViewQuery = Type.Object({
  remote: Type.Optional(Type.String({ maxLength: 8 })),
  embed: Type.Optional(Type.String({ maxLength: 8 })),
});

/** /view/{ID}.html and /view/{ID}.txt: a message's HTML and text parts, for the UI's preview iframe. */
export const viewRoutes: FastifyPluginAsyncTypebox<ViewRoutesOptions> = async (app, { messages }) => {
  useTextErrors(app);

  app.get('/view/:ID.html', { schema: { params: IdParams, querystring: ViewQuery } }, async (request, reply) => {
    const record = messages.resolve(request.params.ID);
    const message = record && (await messages.parsed(record));
    if (!record || !message) return notFound(reply);
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', viewCsp(request.query.remote === '1'))
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer');
    return reply.send(prepareHtml(message.HTML, record.id, [...message.Inline, ...message.Attachments]));
  });

  app.get('/view/:ID.txt', { schema: { params: IdParams } }, async (request, reply) => {
    const record = messages.resolve(request.params.ID);
    const message = record && (await messages.parsed(record));
    if (!record || !message) return notFound(reply);
    return reply.type('text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send(message.Text);
  });
};
