import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from '../log.js';
import type { MessageStore } from '../store/index.js';
import { messagesRoutes } from './messages-routes.js';
import { webUi } from './web-ui.js';

export interface HttpServerOptions {
  store: MessageStore;
  log: Logger;
}

/** The fastify app: the REST API (and, later, the WebSocket and the web UI). Not listening yet. */
export async function buildHttpServer({ store, log }: HttpServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast only drops pino's extra generics.
    loggerInstance: log.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(messagesRoutes, { store });
  await webUi(app);
  return app;
}
