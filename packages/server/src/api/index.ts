import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { EventBus } from '../events.js';
import type { Logger } from '../log.js';
import type { MessageStore } from '../store/index.js';
import { eventsSocket } from './events-socket.js';
import { healthRoutes } from './health-routes.js';
import { isAllowedHost } from './host-check.js';
import { infoRoutes } from './info-routes.js';
import { mailsinkRoutes } from './mailsink-routes.js';
import { MessageAccess } from './message-access.js';
import { messageRoutes } from './message-routes.js';
import { messagesRoutes } from './messages-routes.js';
import { openApi } from './openapi.js';
import { RuntimeStats } from './runtime-stats.js';
import { sendRoutes } from './send-routes.js';
import { tagsRoutes } from './tags-routes.js';
import { viewRoutes } from './view-routes.js';
import { WaitRegistry } from './wait-registry.js';
import { webUi } from './web-ui.js';

export interface HttpServerOptions {
  store: MessageStore;
  bus: EventBus;
  log: Logger;
  /** Our name, for the envelope of messages injected through POST /api/v1/send. */
  hostname: string;
  maxMessageSize: number;
}

/** JSON request bodies other than /api/v1/send are small: IDs, tags, flags. */
const BODY_LIMIT = 1024 * 1024;

/** The fastify app: the REST API, the OpenAPI document and the web UI. Not listening yet. */
export async function buildHttpServer({ store, bus, log, hostname, maxMessageSize }: HttpServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast only drops pino's extra generics.
    loggerInstance: log.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    // On stop, waiting requests and lingering sockets must not hold mailsink open.
    forceCloseConnections: true,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // The WebSocket plugin's own hooks must see upgrade requests first, so that one refused by the
  // Host check below still has its socket closed.
  await eventsSocket(app, { store, bus, corsOrigins: new Set() });
  const hostNames = new Set([hostname.toLowerCase()]);
  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowedHost(request.headers.host, hostNames)) {
      await reply.code(403).type('text/plain; charset=utf-8').send('Host not allowed (mailsink answers loopback names and IP addresses)');
    }
  });
  await openApi(app);
  const messages = new MessageAccess(store);
  await app.register(messagesRoutes, { store });
  await app.register(messageRoutes, { messages });
  await app.register(tagsRoutes, { store });
  await app.register(infoRoutes, { store, stats: new RuntimeStats(bus) });
  await app.register(sendRoutes, { store, hostname, maxMessageSize });
  await app.register(viewRoutes, { messages });
  await app.register(mailsinkRoutes, { messages, waiters: new WaitRegistry(bus) });
  await app.register(healthRoutes);
  await webUi(app);
  return app;
}
