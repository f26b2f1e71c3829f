import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { formatHostPort, type HostPort } from '../config/index.js';
import type { EventBus } from '../events.js';
import { Faults } from '../faults/index.js';
import type { Logger } from '../log.js';
import type { MessageStore } from '../store/index.js';
import { accessControl } from './access.js';
import { chaosRoutes } from './chaos-routes.js';
import { eventsSocket } from './events-socket.js';
import { faultsRoutes } from './faults-routes.js';
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
  /** "" or "/path": where the UI, /api, /view and the WebSocket are served. */
  basePath: string;
  /** False from the moment mailsink begins to stop: /readyz then answers 503. */
  isReady: () => boolean;
  /** Where SMTP listens, for the UI's "point your app here" help (GET /api/mailsink/v1/server). */
  smtpAddress?: HostPort;
  smtpsAddress?: HostPort | null;
  /** Basic-auth users (user → password) for everything but /livez and /readyz; empty or absent = open. */
  users?: ReadonlyMap<string, string>;
  /** Origins that get CORS headers and may open the WebSocket. */
  corsOrigins?: readonly string[];
  /** PEM certificate and key: serve HTTPS. */
  tls?: { cert: Buffer; key: Buffer };
  /** The SMTP fault policy that /api/v1/chaos and /api/mailsink/v1/faults change. */
  faults?: Faults;
}

/** JSON request bodies other than /api/v1/send are small: IDs, tags, flags. */
const BODY_LIMIT = 1024 * 1024;

/** The fastify app: the REST API, the OpenAPI document and the web UI. Not listening yet. */
export async function buildHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const { store, bus, log, hostname, maxMessageSize, basePath, isReady, tls } = options;
  const faults = options.faults ?? new Faults({ chaosEnabled: false });
  const corsOrigins = new Set(options.corsOrigins ?? []);
  const app = Fastify({
    https: tls ?? null,
    // pino's Logger is a FastifyBaseLogger; the cast only drops pino's extra generics.
    loggerInstance: log.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    // On stop, waiting requests and lingering sockets must not hold mailsink open.
    forceCloseConnections: true,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false } },
    // Typed as an HTTP server whether or not it is HTTPS: nothing here touches the TLS side.
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;
  // The WebSocket plugin's own hooks must see upgrade requests first, so that one refused by the
  // Host check below still has its socket closed.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  const hostNames = new Set([hostname.toLowerCase()]);
  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowedHost(request.headers.host, hostNames)) {
      await reply.code(403).type('text/plain; charset=utf-8').send('Host not allowed (mailsink answers loopback names and IP addresses)');
      return;
    }
    // Under a base path, /mail must become /mail/ so that the page's relative URLs resolve.
    const [path, query] = request.url.split('?', 2);
    if (basePath && path === basePath) await reply.redirect(`${basePath}/${query === undefined ? '' : `?${query}`}`);
  });
  await accessControl(app, { users: options.users ?? new Map(), corsOrigins, openPaths: ['/livez', '/readyz'] });
  await openApi(app, basePath);
  await app.register(healthRoutes, { isReady });
  // Everything a browser or client uses moves under the base path together.
  await app.register(async (scope) => {
    const messages = new MessageAccess(store);
    await eventsSocket(scope, { store, bus, corsOrigins });
    await scope.register(messagesRoutes, { store });
    await scope.register(messageRoutes, { messages });
    await scope.register(tagsRoutes, { store });
    await scope.register(infoRoutes, { store, stats: new RuntimeStats(bus), chaosEnabled: faults.chaosEnabled });
    await scope.register(sendRoutes, { store, hostname, maxMessageSize });
    await scope.register(viewRoutes, { messages });
    await scope.register(mailsinkRoutes, {
      messages,
      waiters: new WaitRegistry(bus),
      server: {
        SMTPListen: options.smtpAddress ? formatHostPort(options.smtpAddress) : '',
        SMTPSListen: options.smtpsAddress ? formatHostPort(options.smtpsAddress) : '',
      },
    });
    await scope.register(chaosRoutes, { faults });
    await scope.register(faultsRoutes, { faults });
    await webUi(scope);
  }, { prefix: basePath });
  return app;
}
