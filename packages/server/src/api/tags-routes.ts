import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { MessageStore } from '../store/index.js';
import { sendTextError, useTextErrors } from './mailpit-errors.js';
import { OkText, RenameTagBody, SetTagsBody, TagParams } from './schemas.js';
import { cleanTags } from './tag-names.js';

export interface TagsRoutesOptions {
  store: MessageStore;
}

/** Mailpit API v1: list tags, set a message's tags, rename and delete a tag everywhere. */
export const tagsRoutes: FastifyPluginAsyncTypebox<TagsRoutesOptions> = async (app, { store }) => {
  useTextErrors(app);
  const ok = 'ok';

  app.get('/api/v1/tags', { schema: { response: { 200: Type.Array(Type.String()) } } }, async () => store.tags());

  app.put('/api/v1/tags', { schema: { body: SetTagsBody, response: { 200: OkText } } }, async (request, reply) => {
    const { IDs, Tags = [] } = request.body;
    if (IDs.length === 0) return sendTextError(reply, 400, 'no IDs given');
    const tags = cleanTags(Tags);
    // Concurrent updates share one write of each touched records document.
    await Promise.all(IDs.map((id) => store.setTags(id, tags)));
    return reply.type('text/plain; charset=utf-8').send(ok);
  });

  app.put('/api/v1/tags/:Tag', {
    schema: { params: TagParams, body: RenameTagBody, response: { 200: OkText } },
  }, async (request, reply) => {
    const from = request.params.Tag;
    const to = cleanTags([request.body.Name])[0];
    if (!to) return sendTextError(reply, 400, 'the new tag name is empty');
    await replaceTag(store, from, (tags) => tags.map((t) => (sameTag(t, from) ? to : t)));
    return reply.type('text/plain; charset=utf-8').send(ok);
  });

  app.delete('/api/v1/tags/:Tag', { schema: { params: TagParams, response: { 200: OkText } } }, async (request, reply) => {
    const tag = request.params.Tag;
    await replaceTag(store, tag, (tags) => tags.filter((t) => !sameTag(t, tag)));
    return reply.type('text/plain; charset=utf-8').send(ok);
  });
};

function sameTag(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

async function replaceTag(store: MessageStore, tag: string, change: (tags: string[]) => string[]): Promise<void> {
  const affected = [...store.newestFirst()].filter((r) => r.tags.some((t) => sameTag(t, tag)));
  await Promise.all(affected.map((r) => store.setTags(r.id, change(r.tags))));
}
