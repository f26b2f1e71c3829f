import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { VERSION } from '../version.js';

/**
 * The OpenAPI document, generated from the route schemas that also validate requests and shape
 * replies: served at /api/openapi.json, with a reference page at /api/docs (both under the base path).
 */
export async function openApi(app: FastifyInstance, basePath: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'mailsink API',
        version: VERSION,
        description:
          "Mailpit's API v1 under /api/v1/ (same paths, shapes and plain-text errors, so Mailpit clients work), " +
          "and mailsink's additions under /api/mailsink/v1/ (JSON errors `{\"Error\": \"...\"}`).",
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: `${basePath}/api/docs`, staticCSP: true });
  app.get(`${basePath}/api/openapi.json`, { schema: { hide: true } }, async () => app.swagger());
}
